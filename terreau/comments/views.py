"""A thread's own page, and writing, editing and deleting a comment (the thing's page shows the
latest comments and the form through the `comments_for` tag)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.communities.context import community_context
from terreau.core.forms import add_errors

from . import permissions as comment_permissions
from . import selectors, services
from .forms import CommentForm
from .models import Comment

PAGE_SIZE = 50


def _told(request, written: services.Written) -> None:
    if written.not_told:
        names = ", ".join(user.display_name for user in written.not_told)
        messages.info(request, _("%(names)s may not read this page, so they were not told.") % {"names": names})


def _thread_page(request, community, kind, target, form):
    comments = selectors.comments_of(community, kind, target.thing.pk)
    page = Paginator(comments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "comments/thread.html",
        community_context(
            request,
            community,
            target=target,
            kind=kind,
            page=page,
            form=form,
            can_post=comment_permissions.can_post(request.user, community, target),
            can_moderate=permissions.can(request.user, comment_permissions.MODERATE, community),
            # An author edits and deletes their own comments where they may comment (not once closed).
            can_touch_own=permissions.can(request.user, comment_permissions.POST, community),
        ),
    )


@require_GET
def thread(request, slug, kind, pk):
    """Every comment on a thing, oldest first, paginated."""
    community = permissions.community_for(request.user, slug)
    target = comment_permissions.target_for(request.user, community, kind, pk)
    return _thread_page(request, community, kind, target, CommentForm())


@require_POST
def post(request, slug, kind, pk):
    community = permissions.community_for(request.user, slug)
    target = comment_permissions.target_for(request.user, community, kind, pk, post=True)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            written = services.comment_post(
                actor=request.user,
                community=community,
                target_kind=kind,
                target=target,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your comment is posted."))
            _told(request, written)
            return redirect(f"{target.url}#comment-{written.comment.pk}")
    # What was typed stays, with what is wrong, on the thread's own page.
    return _thread_page(request, community, kind, target, form)


@require_http_methods(["GET", "POST"])
def edit(request, slug, pk):
    community = permissions.community_for(request.user, slug)
    comment, target = comment_permissions.comment_for(request.user, community, pk)
    if not comment_permissions.can_edit(request.user, community, comment):
        permissions.refuse_write(request.user, community, readable=True)
    form = CommentForm(request.POST or None, initial={"body": comment.body, "version": comment.version})
    current = None  # the comment as it reads now, when it changed since the form was opened
    if request.method == "POST" and form.is_valid():
        try:
            written = services.comment_edit(
                actor=request.user,
                comment=comment,
                target=target,
                body=form.cleaned_data["body"],
                version=form.cleaned_data.get("version") or 0,
            )
        except services.StaleEdit as error:
            add_errors(form, error)
            comment = current = Comment.objects.get(pk=comment.pk)
            # Sent again, what was typed replaces the other change, knowingly.
            form.data = form.data.copy()
            form.data["comment-version"] = str(comment.version)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your comment is saved."))
            _told(request, written)
            return redirect(f"{target.url}#comment-{comment.pk}")
    return render(
        request,
        "comments/comment_form.html",
        community_context(request, community, comment=comment, target=target, form=form, current=current),
    )


@require_POST
def delete(request, slug, pk):
    community = permissions.community_for(request.user, slug)
    comment, target = comment_permissions.comment_for(request.user, community, pk)
    services.comment_delete(actor=request.user, comment=comment)
    messages.success(request, _("The comment is deleted."))
    return redirect(f"{target.url}#comments")


def thread_url(community, kind: str, pk) -> str:
    return reverse("comments:thread", args=[community.slug, kind, pk])
