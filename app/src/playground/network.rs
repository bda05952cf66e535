//! The network drawn as TensorFlow Playground draws it: a column of input features, a column
//! per hidden layer with a heatmap in every neuron, links whose width and colour follow their
//! weight (hover for the value, click to edit), and the output.

use super::heatmap::{Heatmap, Scale, css_colour};
use super::settings::GRID;
use leptos::prelude::*;
use ml_intro_engine::spec::{DATA_EXTENT, Feature};
use ml_intro_engine::{Grid, LayerWeights, Snapshot};

const NEURON: f32 = 40.0;
const COLUMN_GAP: f32 = 110.0;
const ROW_GAP: f32 = 52.0;
const TOP: f32 = 8.0;

/// A link or bias the visitor picked to edit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Picked {
    pub layer: usize,
    pub input: Option<usize>,
    pub output: usize,
    pub value: f32,
}

fn centre(column: usize, row: usize) -> (f32, f32) {
    (
        column as f32 * COLUMN_GAP + NEURON / 2.0,
        TOP + row as f32 * ROW_GAP + NEURON / 2.0,
    )
}

/// A feature's values over the plane, computed on the page (it does not change in training).
fn feature_grid(feature: Feature) -> Grid {
    let values = Grid::cell_centres(GRID, DATA_EXTENT)
        .into_iter()
        .map(|[x1, x2]| (feature.apply(x1, x2) / feature_range(feature)).clamp(-1.0, 1.0))
        .collect();
    Grid {
        resolution: GRID,
        extent: DATA_EXTENT,
        values,
    }
}

/// The largest size a feature reaches on the plane, to scale its heatmap to −1..=1.
fn feature_range(feature: Feature) -> f32 {
    match feature {
        Feature::X1 | Feature::X2 => DATA_EXTENT,
        Feature::X1Squared | Feature::X2Squared | Feature::X1X2 => DATA_EXTENT * DATA_EXTENT,
        Feature::SinX1 | Feature::SinX2 => 1.0,
    }
}

#[component]
pub fn NetworkView(
    #[prop(into)] features: Signal<Vec<Feature>>,
    #[prop(into)] layers: Signal<Vec<usize>>,
    #[prop(into)] snapshot: Signal<Option<Snapshot>>,
    on_pick: Callback<Picked>,
) -> impl IntoView {
    let columns = move || layers.with(Vec::len) + 2;
    let rows = move || {
        let widest = layers.with(|layers| layers.iter().copied().max().unwrap_or(1));
        widest.max(features.with(Vec::len)).max(1)
    };
    let width = move || (columns() - 1) as f32 * COLUMN_GAP + NEURON;
    let height = move || TOP * 2.0 + (rows() - 1) as f32 * ROW_GAP + NEURON;
    let weights =
        move || snapshot.with(|s| s.as_ref().map(|s| s.weights.clone()).unwrap_or_default());
    let links = move || {
        weights()
            .into_iter()
            .enumerate()
            .flat_map(
                |(
                    layer,
                    LayerWeights {
                        inputs,
                        outputs,
                        weights,
                        ..
                    },
                )| {
                    (0..inputs).flat_map(move |input| {
                        let weights = weights.clone();
                        (0..outputs).map(move |output| {
                        let value = weights[input * outputs + output];
                        let (x1, y1) = centre(layer, input);
                        let (x2, y2) = centre(layer + 1, output);
                        let pick = Picked { layer, input: Some(input), output, value };
                        view! {
                            <line class="link" x1=x1 + NEURON / 2.0 y1=y1 x2=x2 - NEURON / 2.0 y2=y2
                                stroke=css_colour(value.signum() * 0.9)
                                stroke-width=format!("{:.2}", (value.abs() * 2.0).clamp(0.4, 8.0))
                                data-testid=format!("link-{layer}-{input}-{output}")
                                tabindex="0" role="button"
                                aria-label=format!("weight {value:.3} from neuron {} into neuron {} of layer {}: edit", input + 1, output + 1, layer + 1)
                                on:click=move |_| on_pick.run(pick)
                                on:keydown=move |event| if activates(&event) { event.prevent_default(); on_pick.run(pick) }>
                                <title>{format!("weight {value:.3} (click to edit)")}</title>
                            </line>
                        }
                    })
                    })
                },
            )
            .collect::<Vec<_>>()
    };
    let position = |column: usize, row: usize| {
        let (x, y) = centre(column, row);
        format!("left:{}px;top:{}px", x - NEURON / 2.0, y - NEURON / 2.0)
    };
    let inputs = move || {
        features
            .get()
            .into_iter()
            .enumerate()
            .map(|(row, feature)| view! {
                <div class="neuron input" style=position(0, row) title=feature.label()>
                    <Heatmap grid=Signal::stored(Some(feature_grid(feature))) scale=Scale::Signed
                        class="mini" label=format!("input {}", feature.label()) />
                    <span class="neuron-label">{feature.label()}</span>
                </div>
            })
            .collect::<Vec<_>>()
    };
    let hidden = move || {
        layers
            .get()
            .into_iter()
            .enumerate()
            .flat_map(|(layer, width)| {
                (0..width).map(move |row| {
                    let grid = Signal::derive(move || {
                        snapshot.with(|s| {
                            s.as_ref().and_then(|s| s.neuron_grids.get(layer)?.get(row).cloned())
                        })
                    });
                    let bias = move || {
                        snapshot.with(|s| s.as_ref().and_then(|s| s.weights.get(layer)?.biases.get(row).copied()))
                    };
                    let pick_bias = move || {
                        if let Some(value) = bias() {
                            on_pick.run(Picked { layer, input: None, output: row, value });
                        }
                    };
                    view! {
                        <div class="neuron" style=position(layer + 1, row) tabindex="0" role="button"
                            title=move || bias().map_or(String::new(), |b| format!("bias {b:.3} (click to edit)"))
                            aria-label=move || bias().map_or(String::new(), |b| format!("neuron {} of layer {}, bias {b:.3}: edit", row + 1, layer + 1))
                            data-testid=format!("neuron-{layer}-{row}") on:click=move |_| pick_bias()
                            on:keydown=move |event| if activates(&event) { event.prevent_default(); pick_bias() }>
                            <Heatmap grid scale=Scale::Signed class="mini"
                                label=format!("neuron {} of layer {}", row + 1, layer + 1) />
                        </div>
                    }
                })
            })
            .collect::<Vec<_>>()
    };
    view! {
        // A wide network scrolls inside its own box on a narrow screen, not the page.
        <div class="network-scroll" data-testid="pg-network">
            <div class="network" style=move || format!("width:{}px;height:{}px", width(), height())>
                <svg class="links" width=width height=height>{links}</svg>
                {inputs}
                {hidden}
                <div class="neuron output-node" style=move || position(columns() - 1, 0)>"ŷ"</div>
            </div>
        </div>
    }
}

/// Enter or Space on a focused link or neuron opens its editor, as a click does.
fn activates(event: &leptos::ev::KeyboardEvent) -> bool {
    matches!(event.key().as_str(), "Enter" | " ")
}
