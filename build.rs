//! Rebuilds the binary when a built-in theme changes: themes are embedded with include_dir.

fn main() {
    println!("cargo:rerun-if-changed=themes");
}
