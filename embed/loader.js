// placeholder: the loader is built in the widget work
