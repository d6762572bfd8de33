"""Browser-style navigation history: every jump is a `Place`; back and forward walk the list."""

from __future__ import annotations

from tui.app.places import Place, SourcePlace


class History:
    """A list of places and a cursor; visiting somewhere new drops the forward places."""

    def __init__(self, limit: int = 500) -> None:
        self._places: list[Place] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> Place | None:
        return self._places[self._index] if self._places else None

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return self._index < len(self._places) - 1

    def visit(self, place: Place) -> None:
        """Record a jump to `place` (visiting the current place again records nothing)."""
        if place == self.current:
            return
        del self._places[self._index + 1 :]
        self._places.append(place)
        if len(self._places) > self._limit:
            del self._places[0]
        self._index = len(self._places) - 1

    def note(self, place: Place) -> None:
        """Record where the user is now without counting a move within one place as a jump: in
        the same source (another span) the current place is updated, anywhere else it is visited."""
        current = self.current
        if isinstance(current, SourcePlace) and isinstance(place, SourcePlace) and current.source_id == place.source_id:
            self._places[self._index] = place
        else:
            self.visit(place)

    def back(self) -> Place | None:
        """Step back; the place to show, or None if there is nothing earlier."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._places[self._index]

    def forward(self) -> Place | None:
        """Step forward; the place to show, or None if there is nothing later."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._places[self._index]

    def __len__(self) -> int:
        return len(self._places)
