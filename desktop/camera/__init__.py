"""The device camera: live frames and stills behind a small seam, the photo and code-scan dialogs."""
