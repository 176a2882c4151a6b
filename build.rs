//! Rebuilds noibo when the built-in theme changes: `include_dir!` embeds
//! `themes/default` but cargo does not know the binary depends on it.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
