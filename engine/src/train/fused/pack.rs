//! Checkpoint bytes of the fused path: a tag, a step counter and flat f32 tensors,
//! little-endian. (The Burn path saves burnpack files; each path reads only its own, and says
//! so when handed the other's.)

const TAG: &[u8; 8] = b"mlfused1";

/// `counter`, then every tensor with its length.
pub fn pack(counter: u64, tensors: &[&Vec<f32>]) -> Vec<u8> {
    let values: usize = tensors.iter().map(|tensor| tensor.len()).sum();
    let mut bytes = Vec::with_capacity(20 + 4 * (tensors.len() + values));
    bytes.extend_from_slice(TAG);
    bytes.extend_from_slice(&counter.to_le_bytes());
    bytes.extend_from_slice(&(tensors.len() as u32).to_le_bytes());
    for tensor in tensors {
        bytes.extend_from_slice(&(tensor.len() as u32).to_le_bytes());
        for value in tensor.iter() {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
    }
    bytes
}

/// The counter and tensors `pack` wrote, or why these bytes are not that.
pub fn unpack(bytes: &[u8]) -> Result<(u64, Vec<Vec<f32>>), String> {
    let mut reader = Reader { bytes, at: 0 };
    if reader.take(8)? != TAG {
        return Err(
            "this checkpoint was not written by the CPU path for small networks \
                    (it comes from a GPU or a larger model: resume it on the same kind of device)"
                .into(),
        );
    }
    let counter = u64::from_le_bytes(reader.take(8)?.try_into().map_err(|_| "short counter")?);
    let count = reader.u32()? as usize;
    let mut tensors = Vec::new();
    for _ in 0..count {
        let len = reader.u32()? as usize;
        let raw = reader.take(len.checked_mul(4).ok_or("tensor too large")?)?;
        tensors.push(
            raw.chunks_exact(4)
                .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
                .collect(),
        );
    }
    if reader.at != bytes.len() {
        return Err(format!(
            "{} bytes follow the last tensor",
            bytes.len() - reader.at
        ));
    }
    Ok((counter, tensors))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(len)
            .filter(|&end| end <= self.bytes.len());
        let end = end.ok_or_else(|| format!("the checkpoint ends early, at byte {}", self.at))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let raw = self.take(4)?;
        Ok(u32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]]))
    }
}
