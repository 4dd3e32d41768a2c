// @ts-check
/**
 * The fake upstream's `/v1/embeddings`: deterministic "hashed words" vectors, so that texts sharing
 * words are near each other. Good enough to show that Parley's vector path works end to end (and to
 * measure it); it knows nothing of meaning, so it says nothing about a real model's quality.
 */

export const DEFAULT_EMBEDDING_DIMS = 256;

/** FNV-1a, 32 bits. @param {string} s */
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * @param {string} text
 * @param {number} dims
 * @returns {number[]}
 */
export function hashedEmbedding(text, dims = DEFAULT_EMBEDDING_DIMS) {
  const v = new Array(dims).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (word.length < 2) continue;
    const h = hash(word);
    v[h % dims] += h & 0x80000000 ? -1 : 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}

/**
 * Answers one embeddings request as OpenAI does, or an OpenAI-style error.
 * @param {any} body
 * @returns {{ status: number, json: unknown }}
 */
export function embeddingsResponse(body) {
  if (!body || typeof body.model !== 'string' || !body.model) {
    return error(400, 'you must provide a model parameter', 'model');
  }
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.some((s) => typeof s !== 'string')) {
    return error(400, "'input' must be a string or an array of strings", 'input');
  }
  if (inputs.length > 2048) return error(400, "'input' may hold at most 2048 items", 'input');
  const dims =
    Number.isInteger(body.dimensions) && body.dimensions > 0 ? body.dimensions : DEFAULT_EMBEDDING_DIMS;
  let tokens = 0;
  const data = inputs.map((text, index) => {
    tokens += (text.match(/\S+/g) ?? []).length;
    return { object: 'embedding', index, embedding: hashedEmbedding(text, dims) };
  });
  return {
    status: 200,
    json: { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } },
  };
}

/**
 * @param {number} status
 * @param {string} message
 * @param {string | null} param
 */
function error(status, message, param) {
  return { status, json: { error: { message, type: 'invalid_request_error', param, code: null } } };
}
