"""The desktop window: Qt widgets over the Qt-free core, which never imports this package."""
