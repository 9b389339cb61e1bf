// attn-run evaluates attention ops, arith.constant and func.return in a
// function body, and arith / math scalars plus tensor.extract of captures in
// modifier regions; anything else is refused with its location.
//
// RUN: not attn-run %s --function=body --seed=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BODY -DFILE=%s
// RUN: not attn-run %s --function=region --seed=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REGION -DFILE=%s

func.func @body(%q: tensor<?x1x8xf32>, %k: tensor<?x1x8xf32>,
                %v: tensor<?x1x8xf32>, %cu_q: tensor<?xi32>,
                %cu_k: tensor<?xi32>) -> (tensor<?x1x8xf32>, tensor<4xf32>) {
  %out = attn.varlen q(%q : tensor<?x1x8xf32>) k(%k : tensor<?x1x8xf32>)
      v(%v : tensor<?x1x8xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x1x8xf32>
  // BODY: attn-run: error: [[FILE]]:[[# @LINE + 1]]:8: op 'tensor.empty' is not supported by attn-run (attention ops, arith.constant and func.return are)
  %e = tensor.empty() : tensor<4xf32>
  return %out, %e : tensor<?x1x8xf32>, tensor<4xf32>
}

func.func @region(%q: tensor<?x1x8xf32>, %k: tensor<?x1x8xf32>,
                  %v: tensor<?x1x8xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>) -> tensor<?x1x8xf32> {
  // REGION: attn-run: error: [[FILE]]:[[# @LINE + 1]]:10: score_mod: op 'math.atan'
  %out = attn.varlen q(%q : tensor<?x1x8xf32>) k(%k : tensor<?x1x8xf32>)
      v(%v : tensor<?x1x8xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qpos: index, %kvpos: index):
    // REGION-SAME: at [[FILE]]:[[# @LINE + 1]]:10: not supported by the reference evaluator (arith, math and tensor.extract on captures are)
    %a = math.atan %s : f32
    attn.yield %a : f32
  } -> tensor<?x1x8xf32>
  return %out : tensor<?x1x8xf32>
}
