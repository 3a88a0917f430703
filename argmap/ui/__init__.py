"""Qt widgets only: they draw the model and forward gestures as commands."""
