"""The screens of the walk, one per module, and the modals they share."""
