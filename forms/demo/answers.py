"""Plausible answers for each survey: generic values by field type, domain values by key."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping

from forms.demo import realism
from forms.demo.places import Place
from forms.model import Field, FieldType, FormDefinition

TEXT_SNIPPETS = ("现场查看，情况如实记录", "住户反映情况属实", "已告知社区跟进", "与物业核实", "无")


class AnswerContext:
    """What a generator needs besides the field: the random source, the place and the photo pool."""

    def __init__(self, rng: random.Random, place: Place, inspector: str, survey_date: dt.date,
                 photo_pool: tuple[str, ...]) -> None:
        self.rng = rng
        self.place = place
        self.inspector = inspector
        self.survey_date = survey_date
        self.photo_pool = photo_pool

    def photos(self, count: int) -> list[dict[str, str]]:
        captions = ("正面", "侧面", "细部", "全景", "问题部位")
        return [{"sha256": self.rng.choice(self.photo_pool), "caption": self.rng.choice(captions)}
                for _ in range(count)]


def generic_value(item: Field, ctx: AnswerContext) -> object:
    """Return a type-correct value inside the field's limits."""
    rng = ctx.rng
    low = item.minimum if isinstance(item.minimum, (int, float)) else 0
    high = item.maximum if isinstance(item.maximum, (int, float)) else low + 50
    span = min(high - low, 50)
    makers: dict[FieldType, Callable[[], object]] = {
        FieldType.TEXT: lambda: rng.choice(TEXT_SNIPPETS),
        FieldType.INTEGER: lambda: int(low + rng.randint(0, int(span))),
        FieldType.DECIMAL: lambda: round(low + rng.uniform(0, span), 1),
        FieldType.YEAR: lambda: rng.randint(1960, 2018),
        FieldType.DATE: lambda: ctx.survey_date.isoformat(),
        FieldType.SELECT_ONE: lambda: rng.choice(item.choice_codes()),
        FieldType.SELECT_MULTIPLE: lambda: _some_codes(item, rng, 0.15),
        FieldType.YES_NO: lambda: rng.choice(("yes", "no")),
        FieldType.PHOTOS: lambda: ctx.photos(max(item.min_photos, 1)),
        FieldType.GEOPOINT: lambda: _near(ctx),
    }
    maker = makers.get(item.type)
    return maker() if maker else None


def _some_codes(item: Field, rng: random.Random, rate: float) -> list[str]:
    return [code for code in item.choice_codes() if rng.random() < rate]


def _near(ctx: AnswerContext) -> dict[str, object]:
    rng = ctx.rng
    return {"lat": round(ctx.place.lat + rng.uniform(-0.0005, 0.0005), 6),
            "lon": round(ctx.place.lon + rng.uniform(-0.0005, 0.0005), 6), "crs": "WGS-84"}


def header_answers(ctx: AnswerContext) -> dict[str, object]:
    place = ctx.place
    return {
        "district": place.district, "street": place.street, "community": place.community,
        "estate": place.estate, "building_code": place.building_code, "address": place.address,
        "location": {"lat": place.lat, "lon": place.lon, "crs": "WGS-84"},
        "inspector": ctx.inspector, "survey_date": ctx.survey_date.isoformat(),
    }


def repeat_rows(item: Field, ctx: AnswerContext, count: int) -> list[dict[str, object]]:
    return [{child.key: generic_value(child, ctx) for child in item.fields if child.is_input}
            for _ in range(count)]


def demo_answers(form: FormDefinition, ctx: AnswerContext) -> dict[str, object]:
    """Return one record's answers: header, domain values where known, generic values elsewhere."""
    answers = header_answers(ctx)
    domain: Mapping[str, Callable] = realism.GENERATORS.get(form.id, {})
    for section in form.sections[1:]:
        for item in section.fields:
            if item.key in answers or not (item.is_input or item.type is FieldType.REPEAT):
                continue
            if item.key in domain:
                value = domain[item.key](ctx, answers, item)
            elif item.type is FieldType.REPEAT:
                value = repeat_rows(item, ctx, ctx.rng.randint(max(item.min_rows, 1), 3))
            elif item.type is FieldType.PHOTOS and _checklist_of(form, item.key):
                value = ctx.photos(max(len(answers.get(_checklist_of(form, item.key)) or []), 1))
            else:
                value = generic_value(item, ctx)
            if value is not None:
                answers[item.key] = value
    return answers


def _checklist_of(form: FormDefinition, photos_key: str) -> str:
    """Return the checklist a `<checklist>_photos` field documents, or ''."""
    base = photos_key.removesuffix("_photos")
    return base if base != photos_key and form.has_field(base) else ""
