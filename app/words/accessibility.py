"""The accessibility statement's words (WCAG 2.2 AA, EN 301 549): what conforms, what does not yet,
how we checked, how to report a problem. Kept true by the tests: tests/e2e/test_accessibility.py
(axe-core on every screen, keyboard only, 200 % text), tests/app/test_contrast.py (contrast from the
theme) and tests/e2e/axe_engine_exceptions.json (what Flutter's engine causes)."""

from __future__ import annotations

from app.i18n import N_

TITLE = N_("Accessibility statement")
INTRO = N_(
    "We want everyone to be able to use Budgetmeter: on a phone or a computer, with a screen reader, "
    "with the keyboard alone, or with large text. This statement says how far the app meets the "
    "Web Content Accessibility Guidelines (WCAG) 2.2 at level AA, the level the European standard "
    "EN 301 549 asks of public bodies."
)
STATUS_TITLE = N_("Status")
STATUS = N_("The app partially conforms to WCAG 2.2 level AA: most of it conforms; the exceptions are listed below.")

WORKS_TITLE = N_("What works")
WORKS = (
    N_("Every button, field and switch has a name that a screen reader reads out."),
    N_("Every screen has headings. Errors, search results and the result of a refresh are read out when they appear."),
    N_("Logging in, topping up, finding a top-up point and the social tariff questions work with the keyboard alone."),
    N_("Text can be made twice as large in the browser or phone settings without anything being cut off."),
    N_("Text and its background have a contrast of at least 4.5 to 1, in the light and in the dark theme."),
    N_("You can zoom the page in your browser, and install the app on your phone's home screen with its own name and icon."),
    N_("The app loads little data: its files are compressed and kept by your browser, so a second visit loads almost nothing."),
)

NOT_YET_TITLE = N_("What does not work yet")
NOT_YET = (
    N_("Screen readers in a browser: the app is drawn by Flutter, which only builds the page for screen readers after you press its hidden button \"Enable accessibility\", the first thing a screen reader finds on the page."),
    N_("Pinch to zoom on a phone: the app handles touches on its surface itself. Use your phone's text size setting or its magnifier instead."),
    N_("The browser's own search in the page, text selection and reading mode do not work, because the text is drawn, not written into the page."),
    N_("Some parts of the page that Flutter makes for screen readers do not follow every rule of the automatic checks; we list them, with the reason, and follow Flutter's fixes."),
)

CHECKED_TITLE = N_("How we checked")
CHECKED = N_(
    "Each change of the app is checked automatically: axe-core on every screen, tests that use only the "
    "keyboard, tests with text at 200 %, and the contrast of every colour pair of both themes. "
    "This statement was written in November 2026."
)

REPORT_TITLE = N_("Report a problem")
REPORT = N_(
    "Does something not work for you, or do you need information in another form? Tell us what you "
    "tried, on which screen, and with which device or assistive technology. We answer within 5 working days."
)
REPORT_TO = N_("Write to: {contact}")
REPORT_NO_CONTACT = N_(
    "Tell the organisation that gave you the app (your OCMW or social service): they pass it on to us."
)
ENFORCEMENT = N_(
    "Not satisfied with our answer? You can turn to the ombudsman of your region (in Flanders: the Vlaamse Ombudsdienst)."
)
