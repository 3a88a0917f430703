"""Back/Forward through the nodes the user has selected, like a web browser's history."""

from __future__ import annotations


class SelectionHistory:
    """A list of visited node ids with a cursor; visiting after going back drops the forward part."""

    def __init__(self, limit: int = 500) -> None:
        self._items: list[str] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> str | None:
        return self._items[self._index] if self._index >= 0 else None

    def visit(self, node_id: str) -> None:
        if node_id == self.current:
            return
        del self._items[self._index + 1 :]
        self._items.append(node_id)
        if len(self._items) > self._limit:
            del self._items[0]
        self._index = len(self._items) - 1

    def can_back(self) -> bool:
        return self._index > 0

    def can_forward(self) -> bool:
        return self._index < len(self._items) - 1

    def back(self) -> str | None:
        if not self.can_back():
            return None
        self._index -= 1
        return self.current

    def forward(self) -> str | None:
        if not self.can_forward():
            return None
        self._index += 1
        return self.current

    def forget(self, valid: set[str]) -> None:
        """Drop ids that no longer exist (after an edit or a new corpus), keeping the order."""
        cur = self.current
        kept: list[str] = []
        index = -1
        for i, n in enumerate(self._items):
            if n in valid and (not kept or kept[-1] != n):
                kept.append(n)
            if i == self._index:
                index = len(kept) - 1
        self._items = kept
        self._index = index if cur in valid else len(kept) - 1

    def clear(self) -> None:
        self._items.clear()
        self._index = -1

    def __len__(self) -> int:
        return len(self._items)
