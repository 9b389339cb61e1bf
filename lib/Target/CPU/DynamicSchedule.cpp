//===- DynamicSchedule.cpp - schedule(dynamic, 1) on omp.wsloop -----------===//

#include "attnc/Target/CPU/Passes.h"

#include "mlir/IR/Builders.h"

namespace attnc::cpu {
#define GEN_PASS_DEF_ATTNDYNAMICSCHEDULE
#include "attnc/Target/CPU/Passes.h.inc"
} // namespace attnc::cpu

using namespace mlir;

namespace {
struct DynamicSchedulePass
    : public attnc::cpu::impl::AttnDynamicScheduleBase<DynamicSchedulePass> {
  using Base::Base;
  void runOnOperation() override {
    getOperation()->walk([](omp::WsloopOp loop) {
      MLIRContext *ctx = loop.getContext();
      loop.setScheduleKindAttr(
          omp::ClauseScheduleKindAttr::get(ctx, omp::ClauseScheduleKind::Dynamic));
    });
  }
};
} // namespace
