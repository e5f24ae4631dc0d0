; Inno Setup 6 script: the Windows installer of Audition Assistant.
;
; It wraps the one-folder build dist\audition-assistant (made first by
; PyInstaller, see packaging\WINDOWS.md) into dist\assistant-audition-VERSION-setup.exe:
;
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\audition-assistant.iss
;
; The version is pyproject.toml's (the [project] table's `version`, the one
; the Debian package carries too); /DAppVersion=X.Y.Z overrides it.
; Name, comment and icon are the Linux menu entry's
; (packaging/linux/audition-assistant.desktop); tests/test_packaging.py keeps
; the two in step. Paths below are relative to this file. The user's data
; (encrypted database, local templates) lives in
; %LOCALAPPDATA%\AuditionAssistant and is never touched by installing,
; upgrading or uninstalling.

#ifndef AppVersion
  ; ReadIni reads the TOML line `version = "X.Y.Z"` of [project]; the quotes are dropped.
  #define AppVersion StringChange(ReadIni(SourcePath + "..\..\pyproject.toml", "project", "version", ""), '"', "")
#endif
#if AppVersion == ""
  #error No version in pyproject.toml's [project] table
#endif
#define AppName "Assistant d'audition"
#define AppComment "Auditions guidées de victimes de traite et de proxénétisme, exportées en procès-verbaux Word"
#define AppExe "audition-assistant-gui.exe"
#define BuildDir "..\..\dist\audition-assistant"

[Setup]
; The AppId identifies the application across versions: never change it.
AppId={{2AA72CF8-49D2-43E0-B677-29A49CA83BFE}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Audition Assistant
DefaultDirName={autopf}\Assistant d'audition
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Installed for every user of the station by default; a user without admin rights may install for themself.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=assistant-audition-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\audition-assistant.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundled libraries as a whole: no file of an older build is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BuildDir}\audition-assistant-gui.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BuildDir}\audition-assistant.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BuildDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{#AppComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{#AppComment}"; Tasks: desktopicon

[UninstallDelete]
; Whatever the program folder holds beyond the installed files goes too; the user's data is elsewhere.
Type: filesandordirs; Name: "{app}\_internal"
Type: dirifempty; Name: "{app}"

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
