"""Batch runs: one question over many images (or PDF pages), answers in a table.

Qt-free: the CLI (``vision-desktop batch``) and the window's batch table both drive it. It sits above the chat
layer (it sends with :func:`vision_desktop.chat.sending.send_question`) and below the workers and the CLI.
"""
