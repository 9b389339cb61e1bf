//===- ModifierEvaluator.cpp - float64 evaluation of mod regions ----------===//

#include "attnc/Runner/ModifierEvaluator.h"

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace mlir;
using namespace attnc::runner;

namespace {
using Unary = double (*)(double);
using Binary = double (*)(double, double);

Unary lookupUnary(StringRef name) {
  return llvm::StringSwitch<Unary>(name)
      .Case("arith.negf", [](double a) { return -a; })
      .Case("math.absf", [](double a) { return std::fabs(a); })
      .Case("math.absi", [](double a) { return std::fabs(a); })
      .Case("math.tanh", [](double a) { return std::tanh(a); })
      .Case("math.exp", [](double a) { return std::exp(a); })
      .Case("math.exp2", [](double a) { return std::exp2(a); })
      .Case("math.expm1", [](double a) { return std::expm1(a); })
      .Case("math.log", [](double a) { return std::log(a); })
      .Case("math.log2", [](double a) { return std::log2(a); })
      .Case("math.log1p", [](double a) { return std::log1p(a); })
      .Case("math.sqrt", [](double a) { return std::sqrt(a); })
      .Case("math.rsqrt", [](double a) { return 1.0 / std::sqrt(a); })
      .Case("math.sin", [](double a) { return std::sin(a); })
      .Case("math.cos", [](double a) { return std::cos(a); })
      .Case("math.erf", [](double a) { return std::erf(a); })
      .Case("math.floor", [](double a) { return std::floor(a); })
      .Case("math.ceil", [](double a) { return std::ceil(a); })
      .Case("math.round", [](double a) { return std::round(a); })
      .Case("math.roundeven", [](double a) { return std::nearbyint(a); })
      .Default(nullptr);
}

double floorDiv(double a, double b) { return std::floor(a / b); }

Binary lookupBinary(StringRef name) {
  return llvm::StringSwitch<Binary>(name)
      .Cases({"arith.addf", "arith.addi"},
             [](double a, double b) { return a + b; })
      .Cases({"arith.subf", "arith.subi"},
             [](double a, double b) { return a - b; })
      .Cases({"arith.mulf", "arith.muli"},
             [](double a, double b) { return a * b; })
      .Case("arith.divf", [](double a, double b) { return a / b; })
      .Case("arith.remf", [](double a, double b) { return std::fmod(a, b); })
      .Case("arith.divsi",
            [](double a, double b) { return b == 0 ? 0.0 : std::trunc(a / b); })
      .Case("arith.remsi",
            [](double a, double b) { return b == 0 ? 0.0 : std::fmod(a, b); })
      .Case("arith.floordivsi",
            [](double a, double b) { return b == 0 ? 0.0 : floorDiv(a, b); })
      .Case("arith.ceildivsi",
            [](double a, double b) { return b == 0 ? 0.0 : std::ceil(a / b); })
      // maximumf/minimumf propagate NaN; maxnumf/minnumf return the other
      // operand (IEEE maxNum/minNum, as std::fmax/fmin).
      .Cases({"arith.maximumf", "arith.maxsi"},
             [](double a, double b) {
               return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
             })
      .Cases({"arith.minimumf", "arith.minsi"},
             [](double a, double b) {
               return std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b);
             })
      .Case("arith.maxnumf",
            [](double a, double b) { return std::fmax(a, b); })
      .Case("arith.minnumf",
            [](double a, double b) { return std::fmin(a, b); })
      .Case("arith.andi",
            [](double a, double b) {
              return (double)((int64_t)a & (int64_t)b);
            })
      .Case("arith.ori",
            [](double a, double b) {
              return (double)((int64_t)a | (int64_t)b);
            })
      .Case("arith.xori",
            [](double a, double b) {
              return (double)((int64_t)a ^ (int64_t)b);
            })
      .Case("math.powf", [](double a, double b) { return std::pow(a, b); })
      .Case("math.copysign",
            [](double a, double b) { return std::copysign(a, b); })
      .Default(nullptr);
}

bool compareFloat(arith::CmpFPredicate p, double a, double b) {
  bool unordered = std::isnan(a) || std::isnan(b);
  switch (p) {
  case arith::CmpFPredicate::AlwaysFalse:
    return false;
  case arith::CmpFPredicate::AlwaysTrue:
    return true;
  case arith::CmpFPredicate::OEQ:
    return !unordered && a == b;
  case arith::CmpFPredicate::OGT:
    return !unordered && a > b;
  case arith::CmpFPredicate::OGE:
    return !unordered && a >= b;
  case arith::CmpFPredicate::OLT:
    return !unordered && a < b;
  case arith::CmpFPredicate::OLE:
    return !unordered && a <= b;
  case arith::CmpFPredicate::ONE:
    return !unordered && a != b;
  case arith::CmpFPredicate::ORD:
    return !unordered;
  case arith::CmpFPredicate::UEQ:
    return unordered || a == b;
  case arith::CmpFPredicate::UGT:
    return unordered || a > b;
  case arith::CmpFPredicate::UGE:
    return unordered || a >= b;
  case arith::CmpFPredicate::ULT:
    return unordered || a < b;
  case arith::CmpFPredicate::ULE:
    return unordered || a <= b;
  case arith::CmpFPredicate::UNE:
    return unordered || a != b;
  case arith::CmpFPredicate::UNO:
    return unordered;
  }
  return false;
}

/// Integers are held as exact doubles; unsigned predicates compare the
/// two's-complement bit patterns of `width` bits.
bool compareInt(arith::CmpIPredicate p, double a, double b, unsigned width) {
  auto toUnsigned = [&](double v) {
    uint64_t bits = (uint64_t)(int64_t)v;
    return width >= 64 ? bits : bits & ((uint64_t(1) << width) - 1);
  };
  switch (p) {
  case arith::CmpIPredicate::eq:
    return a == b;
  case arith::CmpIPredicate::ne:
    return a != b;
  case arith::CmpIPredicate::slt:
    return a < b;
  case arith::CmpIPredicate::sle:
    return a <= b;
  case arith::CmpIPredicate::sgt:
    return a > b;
  case arith::CmpIPredicate::sge:
    return a >= b;
  case arith::CmpIPredicate::ult:
    return toUnsigned(a) < toUnsigned(b);
  case arith::CmpIPredicate::ule:
    return toUnsigned(a) <= toUnsigned(b);
  case arith::CmpIPredicate::ugt:
    return toUnsigned(a) > toUnsigned(b);
  case arith::CmpIPredicate::uge:
    return toUnsigned(a) >= toUnsigned(b);
  }
  return false;
}

unsigned intWidth(Type t) {
  return t.isIndex() ? 64 : t.getIntOrFloatBitWidth();
}

/// The two's-complement value of the low `width` bits of integer `v`, read
/// as signed (i1 stays 0 or 1: attn-run holds true as 1).
double wrapSigned(double v, unsigned width) {
  if (width >= 64)
    return v;
  uint64_t bits = (uint64_t)(int64_t)v & ((uint64_t(1) << width) - 1);
  if (width == 1)
    return (double)bits;
  if (bits >> (width - 1))
    return (double)(int64_t)(bits - (uint64_t(1) << width));
  return (double)bits;
}

/// Integer `v` of `width` bits read as unsigned.
double asUnsigned(double v, unsigned width) {
  if (v >= 0 || width >= 64)
    return v;
  return v + std::ldexp(1.0, width);
}
} // namespace

FailureOr<ModifierEvaluator>
ModifierEvaluator::compile(Region &region, unsigned numLeading,
                           ArrayRef<const HostBuffer *> captures,
                           std::string &error) {
  ModifierEvaluator eval;
  eval.numLeading = numLeading;
  Block &block = region.front();
  llvm::DenseMap<Value, unsigned> slotOf;
  llvm::DenseMap<Value, const HostBuffer *> tensorOf;
  for (BlockArgument arg : block.getArguments()) {
    if (arg.getArgNumber() < numLeading) {
      slotOf[arg] = eval.numSlots++;
      continue;
    }
    unsigned captureIndex = arg.getArgNumber() - numLeading;
    if (captureIndex >= captures.size()) {
      error = "modifier region takes more captures than the op provides";
      return failure();
    }
    if (isa<RankedTensorType>(arg.getType())) {
      tensorOf[arg] = captures[captureIndex];
    } else {
      // A scalar capture arrives as a 0-d or 1-element buffer.
      const HostBuffer *buffer = captures[captureIndex];
      unsigned slot = eval.numSlots++;
      slotOf[arg] = slot;
      double value = buffer->values.empty() ? 0.0 : buffer->values.front();
      eval.steps.push_back([slot, value](double *s) { s[slot] = value; });
    }
  }
  auto fail = [&](Operation &op, const Twine &why) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "op '" << op.getName() << "' at " << describeLocation(op.getLoc())
       << ": " << why;
    error = text;
    return failure();
  };
  for (Operation &op : block) {
    if (auto yield = dyn_cast<attnc::attn::YieldOp>(op)) {
      eval.resultSlot = slotOf.lookup(yield.getValues().front());
      break;
    }
    if (op.getNumResults() != 1 || op.getNumRegions() != 0)
      return fail(op, "the reference evaluates only single-result ops without "
                      "regions in modifier regions");
    Value result = op.getResult(0);
    unsigned out = eval.numSlots++;
    slotOf[result] = out;
    SmallVector<unsigned> in;
    for (Value operand : op.getOperands())
      if (!tensorOf.count(operand))
        in.push_back(slotOf.lookup(operand));
    StringRef name = op.getName().getStringRef();

    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      double value;
      if (auto f = dyn_cast<FloatAttr>(constant.getValue()))
        value = f.getValueAsDouble();
      else if (auto i = dyn_cast<IntegerAttr>(constant.getValue()))
        value = i.getType().isInteger(1) ? (i.getValue().isZero() ? 0 : 1)
                                         : (double)i.getValue().getSExtValue();
      else
        return fail(op, "only scalar constants are supported");
      eval.steps.push_back([out, value](double *s) { s[out] = value; });
    } else if (Unary fn = lookupUnary(name)) {
      unsigned a = in[0];
      eval.steps.push_back([=](double *s) { s[out] = fn(s[a]); });
    } else if (Binary fn = lookupBinary(name)) {
      unsigned a = in[0], b = in[1];
      eval.steps.push_back([=](double *s) { s[out] = fn(s[a], s[b]); });
    } else if (name == "math.fma") {
      unsigned a = in[0], b = in[1], c = in[2];
      eval.steps.push_back([=](double *s) { s[out] = s[a] * s[b] + s[c]; });
    } else if (auto cmp = dyn_cast<arith::CmpFOp>(op)) {
      auto pred = cmp.getPredicate();
      unsigned a = in[0], b = in[1];
      eval.steps.push_back(
          [=](double *s) { s[out] = compareFloat(pred, s[a], s[b]); });
    } else if (auto cmp = dyn_cast<arith::CmpIOp>(op)) {
      auto pred = cmp.getPredicate();
      unsigned width = intWidth(cmp.getLhs().getType());
      unsigned a = in[0], b = in[1];
      eval.steps.push_back(
          [=](double *s) { s[out] = compareInt(pred, s[a], s[b], width); });
    } else if (isa<arith::SelectOp>(op)) {
      unsigned c = in[0], a = in[1], b = in[2];
      eval.steps.push_back(
          [=](double *s) { s[out] = s[c] != 0 ? s[a] : s[b]; });
    } else if (isa<arith::ExtFOp>(op)) {
      unsigned a = in[0];
      eval.steps.push_back([=](double *s) { s[out] = s[a]; });
    } else if (isa<arith::IndexCastOp, arith::SIToFPOp, arith::ExtSIOp>(op)) {
      // Signed reads are exact, except that a sign-extended i1 true is -1
      // (and an index_cast to a narrower type truncates).
      unsigned a = in[0];
      unsigned from = intWidth(op.getOperand(0).getType());
      bool toInt = !isa<arith::SIToFPOp>(op);
      unsigned to = toInt ? intWidth(result.getType()) : 64;
      eval.steps.push_back([=](double *s) {
        double v = from == 1 ? -s[a] : s[a];
        s[out] = toInt ? wrapSigned(v, to) : v;
      });
    } else if (isa<arith::IndexCastUIOp, arith::ExtUIOp, arith::UIToFPOp>(op)) {
      unsigned a = in[0];
      unsigned from = intWidth(op.getOperand(0).getType());
      bool toInt = !isa<arith::UIToFPOp>(op);
      unsigned to = toInt ? intWidth(result.getType()) : 64;
      eval.steps.push_back([=](double *s) {
        double v = asUnsigned(s[a], from);
        s[out] = toInt ? wrapSigned(v, to) : v;
      });
    } else if (isa<arith::TruncIOp>(op)) {
      unsigned a = in[0];
      unsigned to = intWidth(result.getType());
      eval.steps.push_back([=](double *s) { s[out] = wrapSigned(s[a], to); });
    } else if (isa<arith::TruncFOp, arith::FPToSIOp>(op)) {
      // Out-of-range fptosi is poison in MLIR; it saturates here.
      Type t = result.getType();
      bool toInt = isa<arith::FPToSIOp>(op);
      unsigned a = in[0];
      eval.steps.push_back([=](double *s) {
        s[out] = roundToElementType(toInt ? std::trunc(s[a]) : s[a], t);
      });
    } else if (auto extract = dyn_cast<tensor::ExtractOp>(op)) {
      const HostBuffer *buffer = tensorOf.lookup(extract.getTensor());
      if (!buffer)
        return fail(op, "tensor.extract must read a captured tensor");
      SmallVector<unsigned> indexSlots(in.begin(), in.end());
      SmallVector<int64_t> shape(buffer->shape.begin(), buffer->shape.end());
      // An index past the capture's bounds reads 0: a user modifier can
      // never read out of bounds (SPEC §6).
      eval.steps.push_back([=](double *s) {
        int64_t flat = 0;
        for (size_t d = 0; d < shape.size(); ++d) {
          int64_t i = (int64_t)s[indexSlots[d]];
          if (i < 0 || i >= shape[d]) {
            s[out] = 0.0;
            return;
          }
          flat = flat * shape[d] + i;
        }
        s[out] = buffer->values[flat];
      });
    } else {
      return fail(op, "not supported by the reference evaluator (arith, math "
                      "and tensor.extract on captures are)");
    }
  }
  return eval;
}

double ModifierEvaluator::evaluate(ArrayRef<double> leading) const {
  SmallVector<double, 32> slots(numSlots, 0.0);
  for (unsigned i = 0; i < numLeading; ++i)
    slots[i] = leading[i];
  for (const Step &step : steps)
    step(slots.data());
  return slots[resultSlot];
}
