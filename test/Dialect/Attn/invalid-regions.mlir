// RUN: attn-opt %s --split-input-file --verify-diagnostics --allow-unregistered-dialect

// score_mod and mask_mod regions (SPEC §2 steps 5 and 6): one block taking
// (score: f32, b, h, q_pos, kv_pos: index) or (b, h, q_pos, kv_pos: index),
// then one argument per capture, yielding one f32 (score_mod) or i1
// (mask_mod), with no side effects. Unregistered ops stand in for a
// terminator other than attn.yield.

// score_mod takes the score and four positions.
func.func @score_mod_arg_count(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{region 'score_mod' must take arguments (score: f32, b, h, q_pos, kv_pos: index, then one per capture), expected 5 ('f32', 'index', 'index', 'index', 'index'), found 4 ('f32', 'index', 'index', 'index')}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qp: index):
    attn.yield %s : f32
  } -> tensor<?x8x64xf16>
  return
}

// -----

// score_mod's score argument is f32, whatever q's type.
func.func @score_mod_arg_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{region 'score_mod' must take arguments (score: f32, b, h, q_pos, kv_pos: index, then one per capture), expected 5 ('f32', 'index', 'index', 'index', 'index'), found 5 ('f16', 'index', 'index', 'index', 'index')}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) score_mod {
  ^bb0(%s: f16, %b: index, %h: index, %qp: index, %kp: index):
    attn.yield %s : f16
  } -> tensor<?x8x64xf16>
  return
}

// -----

// Positions are index, not i32.
func.func @mask_mod_position_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{region 'mask_mod' must take arguments (b, h, q_pos, kv_pos: index, then one per capture), expected 4 ('index', 'index', 'index', 'index'), found 4 ('index', 'index', 'i32', 'i32')}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) mask_mod {
  ^bb0(%b: index, %h: index, %qp: i32, %kp: i32):
    %t = arith.constant true
    attn.yield %t : i1
  } -> tensor<?x8x64xf16>
  return
}

// -----

// mask_mod takes no score.
func.func @mask_mod_with_score(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{region 'mask_mod' must take arguments (b, h, q_pos, kv_pos: index, then one per capture), expected 4 ('index', 'index', 'index', 'index'), found 5 ('f32', 'index', 'index', 'index', 'index')}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) mask_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qp: index, %kp: index):
    %t = arith.constant true
    attn.yield %t : i1
  } -> tensor<?x8x64xf16>
  return
}

// -----

// Every capture arrives as a trailing block argument.
func.func @missing_capture_argument(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %captures0: tensor<?xi32>) {
  // expected-error @below {{region 'mask_mod' must take arguments (b, h, q_pos, kv_pos: index, then one per capture), expected 5 ('index', 'index', 'index', 'index', 'tensor<?xi32>'), found 4 ('index', 'index', 'index', 'index')}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) captures(%captures0 : tensor<?xi32>) mask_mod {
  ^bb0(%b: index, %h: index, %qp: index, %kp: index):
    %t = arith.constant true
    attn.yield %t : i1
  } -> tensor<?x8x64xf16>
  return
}

// -----

// Capture arguments have the captures' types.
func.func @capture_argument_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %captures0: tensor<?xi32>) {
  // expected-error @below {{region 'mask_mod' must take arguments (b, h, q_pos, kv_pos: index, then one per capture), expected 5 ('index', 'index', 'index', 'index', 'tensor<?xi32>'), found 5 ('index', 'index', 'index', 'index', 'tensor<?xi64>')}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) captures(%captures0 : tensor<?xi32>) mask_mod {
  ^bb0(%b: index, %h: index, %qp: index, %kp: index, %ids: tensor<?xi64>):
    %t = arith.constant true
    attn.yield %t : i1
  } -> tensor<?x8x64xf16>
  return
}

// -----

// Both regions take every capture.
func.func @capture_in_both_regions(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %captures0: tensor<8xf32>) {
  // expected-error @below {{region 'mask_mod' must take arguments (b, h, q_pos, kv_pos: index, then one per capture), expected 5 ('index', 'index', 'index', 'index', 'tensor<8xf32>'), found 4 ('index', 'index', 'index', 'index')}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) captures(%captures0 : tensor<8xf32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qp: index, %kp: index, %w: tensor<8xf32>):
    attn.yield %s : f32
  } mask_mod {
  ^bb0(%b: index, %h: index, %qp: index, %kp: index):
    %t = arith.constant true
    attn.yield %t : i1
  } -> tensor<?x8x64xf16>
  return
}

// -----

// score_mod yields f32.
func.func @score_mod_yield_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qp: index, %kp: index):
    %t = arith.constant true
    // expected-error @below {{in region 'score_mod' must yield exactly one 'f32', found 1 value(s) ('i1')}}
    attn.yield %t : i1
  } -> tensor<?x8x64xf16>
  return
}

// -----

// mask_mod yields i1.
func.func @mask_mod_yield_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) mask_mod {
  ^bb0(%b: index, %h: index, %qp: index, %kp: index):
    %z = arith.constant 0.0 : f32
    // expected-error @below {{in region 'mask_mod' must yield exactly one 'i1', found 1 value(s) ('f32')}}
    attn.yield %z : f32
  } -> tensor<?x8x64xf16>
  return
}

// -----

// A region yields exactly one value.
func.func @yield_two_values(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qp: index, %kp: index):
    // expected-error @below {{in region 'score_mod' must yield exactly one 'f32', found 2 value(s) ('f32', 'f32')}}
    attn.yield %s, %s : f32, f32
  } -> tensor<?x8x64xf16>
  return
}

// -----

// A region yields exactly one value, not none.
func.func @yield_nothing(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) mask_mod {
  ^bb0(%b: index, %h: index, %qp: index, %kp: index):
    // expected-error @below {{in region 'mask_mod' must yield exactly one 'i1', found 0 value(s) ()}}
    attn.yield
  } -> tensor<?x8x64xf16>
  return
}

// -----

// Regions are pure: no calls with unknown effects.
func.func private @adjust(f32) -> f32

func.func @side_effect_call(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qp: index, %kp: index):
    // expected-error @below {{'func.call' op has side effects, which a 'score_mod' region of attn.varlen may not contain}}
    %r = func.call @adjust(%s) : (f32) -> f32
    attn.yield %r : f32
  } -> tensor<?x8x64xf16>
  return
}

// -----

// Regions are pure, also inside nested regions.
func.func private @adjust(f32) -> f32

func.func @side_effect_nested(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qp: index, %kp: index):
    %c = arith.constant true
    %r = scf.if %c -> f32 {
      // expected-error @below {{'func.call' op has side effects, which a 'score_mod' region of attn.varlen may not contain}}
      %x = func.call @adjust(%s) : (f32) -> f32
      scf.yield %x : f32
    } else {
      scf.yield %s : f32
    }
    attn.yield %r : f32
  } -> tensor<?x8x64xf16>
  return
}

// -----

// A region ends with attn.yield, not another terminator.
func.func @wrong_terminator(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{region 'score_mod' must end with attn.yield, found 'test.terminator'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qp: index, %kp: index):
    "test.terminator"(%s) : (f32) -> ()
  } -> tensor<?x8x64xf16>
  return
}

// -----

// A region ends with a terminator (the generic block check).
func.func @missing_terminator(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qp: index, %kp: index):
    // expected-error @below {{block with no terminator}}
    %r = arith.negf %s : f32
  } -> tensor<?x8x64xf16>
  return
}

// -----

// Captures need a region that reads them.
func.func @captures_without_regions(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %captures0: tensor<?xi32>) {
  // expected-error @below {{operand 'captures' is given but neither 'score_mod' nor 'mask_mod' is present to use it}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) captures(%captures0 : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// attn.yield lives only in a modifier region.
func.func @yield_outside(%x: f32) {
  // expected-error @below {{expects parent op to be one of 'attn.varlen, attn.paged, attn.dense'}}
  attn.yield %x : f32
}

// -----

// A region has at most one block.
func.func @two_blocks(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %cq: tensor<?xi32>) {
  // expected-error @below {{region #0 ('score_mod') failed to verify constraint: region with at most 1 blocks}}
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%k : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%cq : tensor<?xi32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qp: index, %kp: index):
    "test.br"()[^bb1] : () -> ()
  ^bb1:
    attn.yield %s : f32
  } -> tensor<?x8x64xf16>
  return
}
