"""Browser-style navigation history: a stack of `Visit`s and a cursor into it.

Every jump records where the user was and where they went; back and forward move the cursor, so a
run of backs walks the stack down and never turns round. Where the user is now (`here`) is passed
in each time because they move without jumping: moving the cursor within a place updates its
visit (scroll, highlighted stop), and browsing to another place (the list cursor on another entry)
makes that place the top of the stack when they jump or go back from it.
"""

from __future__ import annotations

from tui.app.places import Visit, same_place


class History:
    def __init__(self, limit: int = 500) -> None:
        self._visits: list[Visit] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> Visit | None:
        return self._visits[self._index] if self._visits else None

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return self._index < len(self._visits) - 1

    def visit(self, target: Visit, here: Visit | None = None) -> None:
        """A jump from `here` to `target` (a jump to exactly where the user is records nothing)."""
        self._leave(here)
        current = self.current
        if current is not None and current.place == target.place:
            return
        self._push(target)

    def back(self, here: Visit | None = None) -> Visit | None:
        """Step back from `here`; the visit to show, or None if there is nothing earlier."""
        self._leave(here)
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._visits[self._index]

    def forward(self, here: Visit | None = None) -> Visit | None:
        """Step forward from `here`; the visit to show, or None if there is nothing later. A place
        only browsed to (not the current visit) is not recorded: it would drop the forward visits."""
        if here is not None and self.current is not None and same_place(self.current.place, here.place):
            self._visits[self._index] = here
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._visits[self._index]

    def _leave(self, here: Visit | None) -> None:
        """Record how the user leaves the current visit: as it is now, or, if they browsed to
        another place since, that place as a new visit."""
        if here is None:
            return
        current = self.current
        if current is not None and same_place(current.place, here.place):
            self._visits[self._index] = here
        else:
            self._push(here)

    def _push(self, visit: Visit) -> None:
        del self._visits[self._index + 1 :]
        self._visits.append(visit)
        if len(self._visits) > self._limit:
            del self._visits[0]
        self._index = len(self._visits) - 1

    def __len__(self) -> int:
        return len(self._visits)
