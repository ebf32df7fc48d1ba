"""The one error the reading steps raise for input a person has to fix."""


class ExtractionError(ValueError):
    """Bad input; str(error) is a reason a person can act on."""
