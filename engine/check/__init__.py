"""The check pipeline: a report in, a verdict, grade, requirement and certification impact per finding out."""
