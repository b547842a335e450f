"""The bottom navigation bar of a narrow window, with its labels drawn only where they fit.

A destination of the bar is a fifth (a sixth for helpers) of a phone's width. Flutter's bar draws its
labels at up to 1.3 times their size whatever the user's text size, and breaks a word that is wider
than its destination mid-word: at 200 % text "Oplaadpun|ten" and "Instellinge|n", and for a helper's
six destinations even at 100 %. A polished bar never does that: the app measures the labels' words as
the browser draws them at the user's text size (invisible, unread copies, see ``_measures``) and
shows all labels when every word fits its destination, else only the selected one's if that fits,
else icons only. Every destination keeps its full name for screen readers (Flutter keeps a hidden
label in the semantics tree); the screen's heading names where the user is. (No tooltips: see
``PhoneNavigation``.)"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import flet as ft

#: Material 3's navigation bar labels (labelMedium): 12 px, medium weight.
LABEL_PX = 12
#: Flutter's NavigationBar caps its labels' text scale (``_kMaxLabelTextScaleFactor``).
MAX_LABEL_SCALE = 1.3
#: Room a destination keeps beside its label, in px: seen in the web client, "Oplaadpunten" (76 px at
#: 12 px) stays on one line in a fifth of 412 px (82 px) and "Instellingen" (80 px at 15.6 px) does not.
LABEL_CHROME = 4

Size = tuple[float, float]


def label_behavior(
    labels: Sequence[str], selected: int, bar_width: float, measured: Mapping[str, Size]
) -> ft.NavigationBarLabelBehavior:
    """Which labels fit: ``measured`` has each word's (width, height) drawn at ``LABEL_PX`` with a line
    height of 1 at the user's text size (so the height tells that size); until all are measured, all
    labels show."""
    words = {w for label in labels for w in label.split()}
    if not labels or not words <= measured.keys():
        return ft.NavigationBarLabelBehavior.ALWAYS_SHOW
    scale = max(h for _, h in (measured[w] for w in words)) / LABEL_PX
    shrink = min(scale, MAX_LABEL_SCALE) / scale if scale > 0 else 1
    room = bar_width / len(labels) - LABEL_CHROME

    def fits(label: str) -> bool:
        return all(measured[w][0] * shrink <= room for w in label.split())

    if all(fits(label) for label in labels):
        return ft.NavigationBarLabelBehavior.ALWAYS_SHOW
    if fits(labels[selected]):
        return ft.NavigationBarLabelBehavior.ONLY_SHOW_SELECTED
    return ft.NavigationBarLabelBehavior.ALWAYS_HIDE


def _measures(words: Sequence[str], on_size: Callable[[str, Size], None]) -> ft.Control:
    """The words drawn as the bar's labels are, each on one line at its natural size (rows and columns
    that scroll give their children unbounded room), in a box of no height (nothing shows) and out of
    the semantics tree (nothing is read twice). A line height of exactly the font size makes each
    word's height the font size times the user's text scale. (A Text positioned in a Stack never
    reported its size in Flet 1.0.5.)"""
    style = ft.TextStyle(size=LABEL_PX, height=1, weight=ft.FontWeight.W_500)
    return ft.Semantics(
        exclude_semantics=True,
        content=ft.Container(
            height=0,
            clip_behavior=ft.ClipBehavior.HARD_EDGE,
            content=ft.Column(
                [
                    ft.Row(
                        [
                            ft.Text(w, style=style, no_wrap=True, size_change_interval=0,
                                    on_size_change=lambda e, w=w: on_size(w, (e.width, e.height)))
                            for w in words
                        ],
                        scroll=ft.ScrollMode.HIDDEN,
                    )
                ],
                scroll=ft.ScrollMode.HIDDEN,
            ),
        ),
    )  # fmt: skip


@ft.component
def PhoneNavigation(items: list, selected: int, width: float, on_change) -> ft.Control:
    """``items``: (route, icon, selected icon, label) as app/views/shell.py lists them."""
    measured, set_measured = ft.use_state({})
    sizes = ft.use_ref(dict)  # each word's size as its event arrives, without a redraw per word
    labels = [label for *_, label in items]
    words = sorted({w for label in labels for w in label.split()})

    def on_size(word: str, size: Size) -> None:
        # One redraw once every word is measured (and again only when a size changes): the words' events
        # arrive one by one while the screen itself is loading.
        sizes.current[word] = size
        if all(w in sizes.current for w in words):
            now = {w: sizes.current[w] for w in words}
            if now != measured:
                set_measured(now)

    bar = ft.NavigationBar(
        selected_index=selected,
        label_behavior=label_behavior(labels, selected, width, measured),
        # No tooltips (Flutter's default shows the label): Flutter's web engine leaves a destination
        # whose tooltip was shown pointing (aria-owns) at the tooltip's node after it closed, a node no
        # longer in the page (axe aria-valid-attr-value, critical, on every phone screen after a tap).
        destinations=[
            ft.NavigationBarDestination(icon=icon, selected_icon=sel, label=label, tooltip="")
            for _, icon, sel, label in items
        ],
        on_change=on_change,
    )
    return ft.Column([_measures(words, on_size), bar], spacing=0, tight=True)
