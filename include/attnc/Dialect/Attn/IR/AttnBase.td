//===- AttnBase.td - The attn dialect ----------------------*- tablegen -*-===//

#ifndef ATTNC_DIALECT_ATTN_IR_ATTNBASE_TD
#define ATTNC_DIALECT_ATTN_IR_ATTNBASE_TD

include "mlir/IR/OpBase.td"

def Attn_Dialect : Dialect {
  let name = "attn";
  let cppNamespace = "::attnc::attn";
  let summary = "Attention operations for paged, varlen, dense and sparse "
                "attention, as inference stacks use them";
  let description = [{
    The `attn` dialect models one attention computation per op, with tensor
    semantics, at the level at which serving and ML-compiler engineers think
    about it: a packed ragged batch (`attn.varlen`), a paged KV cache with a
    block table (`attn.paged`) or a dense batched layout (`attn.dense`), plus
    the options real models use (GQA/MQA, causal, sliding windows, sink
    tokens, soft caps, ALiBi, additive bias, element masks, quantised KV and
    output, LSE, user score and mask modifiers) and the sparse modes (block
    masks, tri-shape, XAttention, skip-softmax).

    What every op computes is fixed by attnc's semantic contract (SPEC.md;
    summarised in `docs/Rationale.md`): queries are the last `Lq` positions
    of the `Lk` keys (bottom-right alignment), query head `h` reads kv head
    `h / (Hq / Hkv)`, scores and softmax statistics are f32, a row that sees
    no key yields zero output and `-inf` LSE.

    Head counts and head dims are static; token, page and batch counts may be
    dynamic, so one compiled kernel serves any batch.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

class Attn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Attn_Dialect, mnemonic, traits>;

#endif // ATTNC_DIALECT_ATTN_IR_ATTNBASE_TD
