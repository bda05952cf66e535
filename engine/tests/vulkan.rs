//! The same run on Burn's CPU backend and on Vulkan (Mesa's lavapipe where there is no GPU):
//! both start from the same host-drawn weights and see the same batches, so their losses agree
//! up to float rounding.

use ml_intro_engine::spec::{ExperimentSpec, ToyDataset};
use ml_intro_engine::train::{Session, cpu_device, pick_device};
use ml_intro_engine::{BackendKind, DeviceChoice};

/// Relative difference allowed between the two backends' losses over 300 Adam steps. Different
/// reduction orders round differently; on lavapipe the losses agree to about 1e-6.
const TOLERANCE: f32 = 1e-3;

#[test]
fn vulkan_and_the_cpu_train_the_same_network_alike() {
    let (vulkan, info) = pollster::block_on(pick_device(DeviceChoice::Vulkan))
        .expect("no Vulkan device: install mesa-vulkan-drivers (lavapipe), which `make test` does");
    assert_eq!(info.backend, BackendKind::Vulkan);
    assert!(info.adapter.is_some(), "{info:?}");
    eprintln!("Vulkan adapter: {info}");

    let mut spec = ExperimentSpec::toy(ToyDataset::Xor);
    spec.batch_size = 250;
    let losses = |device| -> Vec<f32> {
        let mut session = Session::new(&spec, device).expect("valid spec");
        (0..3)
            .map(|_| {
                pollster::block_on(session.step(100))
                    .expect("training")
                    .train_loss
            })
            .collect()
    };
    let on_cpu = losses(cpu_device());
    let on_vulkan = losses(vulkan);
    eprintln!("losses every 100 steps: CPU {on_cpu:?}, Vulkan {on_vulkan:?}");
    for (cpu, gpu) in on_cpu.iter().zip(&on_vulkan) {
        assert!(
            (cpu - gpu).abs() <= TOLERANCE * cpu.abs().max(0.01),
            "CPU {on_cpu:?} vs Vulkan {on_vulkan:?}"
        );
    }
    assert!(
        on_vulkan[2] < on_vulkan[0] * 0.5,
        "Vulkan did not learn: {on_vulkan:?}"
    );
}
