"""What a message means in the conversation: pure functions over the state kept in Rasa slots."""
