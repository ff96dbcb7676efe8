"""Starting the processes: the supervisor, the generated Rasa configuration."""
