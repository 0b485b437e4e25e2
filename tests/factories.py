"""Small factories for the models; tests say only what matters to them."""

import datetime

import factory

from meetings.models import Meeting, Participation, Person, PersonAlias, Turn


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Leader Number{n}")
    country = "RU"


class PersonAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonAlias

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Talks number {n}")
    date = factory.Sequence(lambda n: datetime.date(2022, 1, 1) + datetime.timedelta(days=n))
    place = "Moscow"
    kind = Meeting.Kind.TALKS
    status = Meeting.Status.PUBLISHED
    source_name = "Test source"


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    role = "President of Russia"
    country = factory.SelfAttribute("person.country")


class TurnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Turn

    meeting = factory.SubFactory(MeetingFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    speaker = factory.SubFactory(PersonFactory)
    label = factory.LazyAttribute(lambda t: t.speaker.name if t.speaker else "Question")
    text = "We discussed trade.\n\nAnd the situation in the region."
