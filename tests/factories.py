"""factory_boy factories for test data. Reference data (centres, regions) comes from the
data migration, so factories look it up instead of inventing it."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.accounts.models import Role, RoleAssignment, User
from apps.network.models import Actor, Competence, Line, Stop
from apps.organisations.models import Centre, Organisation

TEST_PASSWORD = "correct-horse-battery-staple"


def centre(slug: str = "sisa-suomi") -> Centre:
    return Centre.objects.select_related("area").get(slug=slug)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.fi")
    full_name = factory.Sequence(lambda n: f"Testi Käyttäjä {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class RoleAssignmentFactory(DjangoModelFactory[RoleAssignment]):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.REQUESTER
    centre = factory.LazyFunction(centre)


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Esimerkkiorganisaatio {n}")
    kind = Organisation.Kind.NGO


class CompetenceFactory(DjangoModelFactory[Competence]):
    class Meta:
        model = Competence

    centre = factory.LazyFunction(centre)
    slug = factory.Sequence(lambda n: f"competence-{n}")
    name_fi = factory.Sequence(lambda n: f"Osaaminen {n}")
    name_sv = factory.Sequence(lambda n: f"Kompetens {n}")
    name_en = factory.Sequence(lambda n: f"Competence {n}")


class ActorFactory(DjangoModelFactory[Actor]):
    class Meta:
        model = Actor

    centre = factory.LazyFunction(centre)
    key = factory.Sequence(lambda n: f"a{n}")
    kind = Actor.Kind.UNIT
    name = factory.Sequence(lambda n: f"Yksikkö {n}")
    contact_name = factory.Sequence(lambda n: f"Yhteys Henkilö {n}")
    contact_email = factory.Sequence(lambda n: f"yhteys{n}@example.fi")


class LineFactory(DjangoModelFactory[Line]):
    class Meta:
        model = Line

    centre = factory.LazyFunction(centre)
    key = factory.Sequence(lambda n: f"L{n}")
    name_fi = factory.Sequence(lambda n: f"Linja {n}")
    name_sv = factory.Sequence(lambda n: f"Linje {n}")
    name_en = factory.Sequence(lambda n: f"Line {n}")
    colour = "#1565c0"


class StopFactory(DjangoModelFactory[Stop]):
    class Meta:
        model = Stop

    line = factory.SubFactory(LineFactory)
    actor = factory.SubFactory(ActorFactory)
    position = factory.Sequence(lambda n: n)


def user_with_roles(*pairs: tuple[str, str], **kwargs: object) -> User:
    """A user holding (role, centre slug) pairs."""
    user = UserFactory(**kwargs)
    for role, slug in pairs:
        RoleAssignmentFactory(user=user, role=role, centre=centre(slug))
    return user


# --- consultations ---------------------------------------------------------------------------


class ConsultationFactory(DjangoModelFactory["Consultation"]):
    """A submitted request (use services to move it along the state machine)."""

    class Meta:
        model = "consultations.Consultation"

    centre = factory.LazyFunction(centre)
    reference = factory.Sequence(lambda n: f"TST-2026-{n:04d}")
    requester = factory.SubFactory(UserFactory)
    filed_by = factory.SelfAttribute("requester")
    question = "Miten tukea perhettä?"
    situation = "Pseudonyymi kuvaus tilanteesta."
    age_band = "7-12"
    urgency = "normal"
    region = factory.LazyFunction(lambda: centre().area.members.order_by("slug").first())
    privacy_basis = "not_identifying"
    submitted_at = factory.LazyFunction(timezone.now)
