"""Amounts shared by the project models: the 纳统 threshold and the not-negative check."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

# Projects of 500万元 and above are included in the investment statistics (纳统).
STATISTICS_THRESHOLD = Decimal(500)
NOT_NEGATIVE = [MinValueValidator(Decimal(0), _("金额不能为负数。"))]
