from typing import Any

from django.apps import AppConfig

from config.site_data import site_data_changed
from config.site_policy import policy_for, policy_provider_register, signup_opener_register
from config.slots import slot_register


class CareConfig(AppConfig):
    name = "care"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.signals import user_signed_up
        from django.db.models.signals import post_delete, post_save

        from accounts.deletion import account_deleting_register
        from accounts.invites import (
            after_sign_in_register,
            invite_route_register,
            signup_welcome_provider_register,
        )
        from care.key_rotation import item_key_ids, item_keys_old_format, item_keys_rewrap, item_keys_verify
        from care.members import staff_account_deleting
        from care.models import Clinic, PlanSuggestion, SharedItem
        from care.policy import (
            clinic_policy,
            invitation_opens_sign_up,
            invitation_url_after_sign_in,
            invite_code_route,
            staff_invite_url_after_sign_in,
            staff_url_after_first_sign_in,
        )
        from care.selectors import clinic_keys_for_user, staff_signup_welcome
        from journal.keyring import register_encrypted_model, register_server_wrapped
        from prompts.selectors import clinic_keys_provider_register
        from safety.person_region import region_default_register
        from safety.services import plan_step_saved
        from sharing.audiences import Audience, audience_register

        # Homework notes have their own keys, wrapped by a server key: rotation moves them too,
        # and no server key is retired while one of them still needs it. (Shared copies are
        # sharing's; it rotates every audience's.)
        register_server_wrapped(
            "homework notes",
            key_ids=item_key_ids,
            rewrap=item_keys_rewrap,
            verify=item_keys_verify,
            old_format=item_keys_old_format,
        )

        # The words a taken suggestion replaced are the person's own plan words, under their plan's keyring.
        # The suggestion itself is the therapist's, under its share's key: letting a locked plan go
        # blanks only the person's replaced words.
        register_encrypted_model(PlanSuggestion, fields=["replaced"], scope="plan", let_go="blank")

        # A clinic chooses its own sign-up, idle lock, quick-exit site and country in the admin.
        policy_provider_register(clinic_policy)
        # A therapist's link opens sign-up on an invite-only server, leads back after signing in,
        # and its code (or a clinic's staff code) works on the invite page too.
        signup_opener_register(invitation_opens_sign_up)
        after_sign_in_register(invitation_url_after_sign_in)
        # So does a clinic's staff invite, for someone who pressed "Create your account" on it
        # with an address that has an account already (sign-up only emails them that it has).
        after_sign_in_register(staff_invite_url_after_sign_in)
        after_sign_in_register(staff_url_after_first_sign_in)
        invite_route_register(invite_code_route)

        # The clinic's parts of other apps' pages, in the places those pages leave for them.
        slot_register("base.brand", "care/_clinic_name.html")
        slot_register("base.nav", "care/_nav.html")
        slot_register("accounts.settings", "care/_settings_card.html")
        slot_register("accounts.delete", "care/_account_delete_note.html")
        slot_register("journal.entry", "care/_share_button.html", kind="entry")
        slot_register("safety.plan", "care/_share_button.html", kind="plan", item=None)
        slot_register("safety.plan.step", "care/_suggestions_on_plan_step.html")
        slot_register("prompts.home", "care/_homework_on_home.html")
        slot_register("prompts.home", "care/_suggestions_on_home.html")
        slot_register("prompts.sequence", "care/_homework_on_sequence.html")
        slot_register("prompts.library.item", "care/_homework_on_library.html")
        slot_register("prompts.run.finished", "care/_homework_share_offer.html")
        slot_register("progress.summary.share", "care/_share_summary.html")
        # Letting a locked journal go ends its entries' shares (sharing's receiver); a summary
        # is the person's choice, and stays until they stop it.
        slot_register("journal.let_go.goes", "care/_let_go_goes.html")
        slot_register("journal.let_go.stays", "care/_let_go_stays.html")

        # A clinic's own reflections open for its members and for the people linked with them.
        clinic_keys_provider_register(clinic_keys_for_user)

        # Someone a clinic invited as staff reads on the sign-up page that they are joining it as staff.
        signup_welcome_provider_register(staff_signup_welcome)

        # Until a person picks their country, their clinic's country sets the crisis lines shown.
        region_default_register(_clinic_region)

        # An invite code made on the clinic's admin page adds its new account to the clinic, and
        # a therapist's link that opened sign-up belongs from then on to the account it made.
        user_signed_up.connect(_join_clinic_on_sign_up, dispatch_uid="care.join_clinic_on_sign_up")

        # A therapist whose account is deleted leaves their clinics first: their clients are told.
        account_deleting_register(staff_account_deleting)

        # Therapists are one audience of sharing's copies: it stops them (the log and the clinic's
        # audit say so) and names them when a shared entry goes to the trash.
        audience_register(Audience("therapist", SharedItem, _revoke, _therapist_names))

        # A step changed after taking a suggestion keeps the change: the way back is let go then.
        plan_step_saved.connect(_forget_stale_suggestions, dispatch_uid="care.forget_stale_suggestions")

        # Every process keeps the clinics' names and settings that every page reads; a change
        # saved anywhere (the admin, a clinic's settings page) makes them all read it again.
        post_save.connect(site_data_changed, sender=Clinic, dispatch_uid="care.clinic_saved")
        post_delete.connect(site_data_changed, sender=Clinic, dispatch_uid="care.clinic_deleted")


def _clinic_region(request: Any) -> str:
    return policy_for(request).region


def _join_clinic_on_sign_up(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from care.members import staff_invite_redeemed
    from care.policy import invitation_from_session
    from care.services import invitation_claim_for_sign_up

    staff_invite_redeemed(user=user)
    invitation = invitation_from_session(request) if request is not None else None
    if invitation is not None:
        invitation_claim_for_sign_up(invitation=invitation, user=user)


def _revoke(item: Any) -> None:
    from care.services import share_revoke

    share_revoke(item=item)


def _therapist_names(items: Any) -> list[str]:
    from django.utils.translation import gettext as _

    from care.selectors import therapist_names

    links = [item.link for item in items]
    names = therapist_names(links)
    return [names.get(link.pk, "") or _("your therapist") for link in links]


def _forget_stale_suggestions(sender: Any, owner: Any, section: str, body: str, **kwargs: Any) -> None:
    from care.suggestions import plan_suggestions_forget_stale

    plan_suggestions_forget_stale(owner=owner, section=section, body=body)
