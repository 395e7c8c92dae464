"""Reading input: files and archives, their encodings, HTML pages, and the folder's listing."""
