from terreau.audit.models import AuditEntry


class Recorded:
    """The entries written inside the `with` block."""

    def __enter__(self):
        last = AuditEntry.objects.order_by("-pk").first()
        self.start = last.pk if last else 0
        self.entries: list[AuditEntry] = []
        return self

    def __exit__(self, *exc):
        self.entries = list(AuditEntry.objects.filter(pk__gt=self.start).order_by("pk"))

    def one(self) -> AuditEntry:
        assert len(self.entries) == 1, [entry.action for entry in self.entries]
        return self.entries[0]

    def none(self) -> None:
        assert self.entries == [], [entry.action for entry in self.entries]
