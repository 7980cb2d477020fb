//! Checks the answer.
#[test]
fn t() {
    assert_eq!(hello::answer(), 42);
}
