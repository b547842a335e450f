"""The UI model: the app session's observable model, the context views reach it through, the hooks
that redraw a component when a state object changes, and the theme."""
