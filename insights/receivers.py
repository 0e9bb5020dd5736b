"""What insights hears from the other apps: each handler only calls a service.

- a referral moved, or wellbeing or experience answers arrived: drop equality answers
  whose consent has ended, and refresh its fact row;
- a search found nothing (directory.signals.search_no_results): record it without
  anything personal.
"""

from __future__ import annotations


def _referral_changed(sender, instance, **kwargs) -> None:
    from insights.facts import fact_refresh
    from insights.monitoring import equality_answers_delete_without_consent

    if kwargs.get("raw"):
        return  # loaddata: facts are rebuilt afterwards
    # Withdrawing a referral ends every consent it had (in one UPDATE, no signal): the
    # withdrawal's event is where the equality answers learn it.
    equality_answers_delete_without_consent(instance.referral_id)
    fact_refresh(instance.referral_id)


def _search_found_nothing(sender, *, form_data: dict, place=None, **kwargs) -> None:
    from insights.gaps import zero_result_search_record

    zero_result_search_record(form_data=form_data, place=place)


def connect() -> None:
    from django.db.models.signals import post_save

    from directory.signals import search_no_results
    from referrals.models import ExperienceAnswer, ReferralEvent, WellbeingAnswer

    for model in (ReferralEvent, WellbeingAnswer, ExperienceAnswer):
        post_save.connect(
            _referral_changed, sender=model, dispatch_uid=f"insights-facts-{model.__name__}"
        )
    search_no_results.connect(_search_found_nothing, dispatch_uid="insights-zero-results")
