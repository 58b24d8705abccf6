"""The modal dialogs, one per module, on one base class and one stylesheet."""
