"""The app's screens: the browser, the source reader, the search overlay, help."""
