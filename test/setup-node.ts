// The RongCloud engine reads a bare `window` (undefined inside WeChat's module wrapper); under plain
// node that is a ReferenceError, so give it the same undefined the mini-program runtime gives it.
;(globalThis as { window?: unknown }).window = undefined
