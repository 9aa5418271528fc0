"""Admin-side template tags: the newsroom dashboard on the admin index."""

from django import template

from news import dashboard, roles

register = template.Library()


@register.inclusion_tag("admin/includes/dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    """What waits for the signed-in user, by role, and the activity chart."""
    user = context["request"].user
    can_view = roles.can_view(user)
    return {
        "user": user,
        "perms": context["perms"],
        "article_counts": dashboard.article_counts(user) if can_view else None,
        "awaiting_review": dashboard.awaiting_review(user) if can_view else [],
        "sent_back": dashboard.sent_back_to(user) if can_view else [],
        "chart": dashboard.activity_chart(),
    }
