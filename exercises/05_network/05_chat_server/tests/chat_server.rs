//! chat_server tests (being written).
