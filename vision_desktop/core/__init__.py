"""Qt-free domain: the data that flows through the app and the one exception tree."""
