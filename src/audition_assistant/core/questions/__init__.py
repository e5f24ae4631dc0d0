"""Question types as trained interviewers count them (NICHD, PEACE): invitation, directive, option, suggestive.

An aid to the investigator, never a verdict: the mark never blocks anything and never reaches the PV.
"""

from .classify import classify
from .profile import CATEGORIES, LABELS, Classification, QuestionProfile, profile_of
from .said import Said, warm

__all__ = ["CATEGORIES", "LABELS", "Classification", "QuestionProfile", "Said", "classify", "profile_of", "warm"]
