//! What a character model answers: text continuing a prompt, with a temperature and top-k,
//! and every head's attention weights over a text.

use crate::data::corpus::Corpus;
use crate::query::{Answer, GenerationSettings, MAX_QUERY_TEXT, Query};
use crate::train::models::CharTransformer;
use crate::train::task::Pending;
use burn::tensor::{Device, Int, Tensor, TensorData};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Answers `query` with `model`, trained on `corpus` with `context` characters of context.
pub fn query(
    model: &CharTransformer,
    corpus: &Corpus,
    context: usize,
    query: &Query,
    device: &Device,
) -> Result<Pending, String> {
    match query {
        Query::Generate { prompt, settings } => {
            settings.check()?;
            let tokens = encode(corpus, prompt)?;
            Ok(Pending::Read(generate(
                model, &tokens, context, settings, device,
            )))
        }
        Query::Attention { text } => {
            let tokens = encode(corpus, text)?;
            let tokens = &tokens[tokens.len().saturating_sub(context)..];
            let input = token_tensor(tokens, device);
            let (_, attention) = model.forward_with_attention(input);
            let flat = attention.into_iter().map(|weights| weights.flatten(0, 3));
            Ok(Pending::Read(Tensor::cat(flat.collect(), 0)))
        }
        _ => Err("a character model answers generate and attention queries".into()),
    }
}

/// The answer from the values read back.
pub fn read_answer(
    corpus: &Corpus,
    context: usize,
    heads: usize,
    values: &[f32],
    query: &Query,
) -> Result<Answer, String> {
    match query {
        Query::Generate { .. } => {
            let tokens: Vec<u32> = values.iter().map(|&token| token as u32).collect();
            Ok(Answer::Text {
                text: corpus.decode(&tokens),
            })
        }
        Query::Attention { text } => {
            let tokens = encode(corpus, text)?;
            let tokens = &tokens[tokens.len().saturating_sub(context)..];
            let per_head = tokens.len() * tokens.len();
            let weights = values
                .chunks(heads * per_head)
                .map(|block| block.chunks(per_head).map(<[f32]>::to_vec).collect())
                .collect();
            Ok(Answer::Attention {
                tokens: tokens
                    .iter()
                    .map(|&token| corpus.decode(&[token]))
                    .collect(),
                weights,
            })
        }
        _ => Err("a character model answers generate and attention queries".into()),
    }
}

/// The characters of `text` as token ids; a character the model never saw is refused by name.
fn encode(corpus: &Corpus, text: &str) -> Result<Vec<u32>, String> {
    if text.chars().count() > MAX_QUERY_TEXT {
        return Err(format!(
            "the text is longer than {MAX_QUERY_TEXT} characters"
        ));
    }
    let tokens = text
        .chars()
        .enumerate()
        .map(|(position, character)| {
            corpus
                .alphabet
                .iter()
                .position(|&known| known == character)
                .map(|id| id as u32)
                .ok_or_else(|| {
                    format!(
                        "character {} ({character:?}) is not in the model's alphabet of {} characters",
                        position + 1,
                        corpus.alphabet.len()
                    )
                })
        })
        .collect::<Result<Vec<u32>, String>>()?;
    if tokens.is_empty() {
        return Err("the text is empty".into());
    }
    Ok(tokens)
}

fn token_tensor(tokens: &[u32], device: &Device) -> Tensor<2, Int> {
    let ids: Vec<i64> = tokens.iter().map(|&token| i64::from(token)).collect();
    Tensor::from_data(TensorData::new(ids, [1, tokens.len()]), device)
}

/// `settings.length` characters continuing `prompt`, sampled on the device with no reads in
/// between: scores / temperature, the rest masked below the k-th best, then Gumbel-max with
/// noise drawn on the host from the seed (the same text on every device).
fn generate(
    model: &CharTransformer,
    prompt: &[u32],
    context: usize,
    settings: &GenerationSettings,
    device: &Device,
) -> Tensor<1> {
    let start = prompt.len().saturating_sub(context);
    let mut window = token_tensor(&prompt[start..], device);
    let mut rng = StdRng::seed_from_u64(settings.seed);
    let mut generated = Vec::with_capacity(settings.length);
    for _ in 0..settings.length {
        let length = window.dims()[1];
        let logits: Tensor<1> = model
            .forward(window.clone())
            .narrow(1, length - 1, 1)
            .flatten(0, 2);
        let vocabulary = logits.dims()[0];
        let next = if settings.temperature < 1e-3 {
            logits.argmax(0)
        } else {
            let mut scores = logits / f64::from(settings.temperature);
            if let Some(k) = settings.top_k.filter(|&k| k < vocabulary) {
                let kth = scores.clone().topk(k, 0).narrow(0, k - 1, 1);
                let below = scores.clone().lower(kth.expand([vocabulary]));
                scores = scores.mask_fill(below, -1.0e9);
            }
            let gumbel: Vec<f32> = (0..vocabulary)
                .map(|_| {
                    let uniform: f32 = rng.random_range(1e-6..1.0 - 1e-6);
                    -(-uniform.ln()).ln()
                })
                .collect();
            (scores + Tensor::from_data(TensorData::new(gumbel, [vocabulary]), device)).argmax(0)
        };
        generated.push(next.clone().float());
        let kept = if length == context { 1 } else { 0 };
        window = Tensor::cat(
            vec![window.narrow(1, kept, length - kept), next.reshape([1, 1])],
            1,
        );
    }
    Tensor::cat(generated, 0)
}
