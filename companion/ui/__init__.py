"""The Qt user interface: it shows what the services return and sends the user's actions back."""
