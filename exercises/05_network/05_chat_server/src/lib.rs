//! chat_server (being written).
