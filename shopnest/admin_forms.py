"""Form fields of the back office that read input the way the API does."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from shopnest.api.integers import MAX_NUMBER_DIGITS, parse_integer


class AsciiIntegerField(forms.IntegerField):
    """Django's IntegerField, minus what int() alone lets through: "٣" or "１２" is no number
    here (nor an id). Ranges stay with min_value/max_value and the domain."""

    def to_python(self, value):
        if value not in self.empty_values:
            text = self.re_decimal.sub("", str(value)).strip()  # Django accepts "7.0" too
            if parse_integer(text, signs="+-", max_digits=MAX_NUMBER_DIGITS) is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)
