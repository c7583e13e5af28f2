//! Links the addon for Node-API (napi-rs).

fn main() {
    napi_build::setup();
}
