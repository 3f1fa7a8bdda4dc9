from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress

from accounts.models import User

PASSWORD = "a calm long password 42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = factory.django.Password(PASSWORD)
    # Most tests are about someone who has already answered (or skipped) "which country?".
    region_asked = True

    @factory.post_generation
    def verified(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        # Most tests are about a person who has confirmed their email, as allauth requires.
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
