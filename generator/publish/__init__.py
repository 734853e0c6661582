"""Publishing a built site to where it lives: a folder, rsync over SSH, or object storage through rclone."""
