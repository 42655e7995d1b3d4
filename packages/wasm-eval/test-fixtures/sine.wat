(module
 (type $0 (func (param v128) (result v128)))
 (type $1 (func (param i32 i32 i32 i32 i32)))
 (type $2 (func (param i32 i32 i32 i32 i32 i32 i32)))
 (type $3 (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result f64)))
 (import "env" "memory" (memory $mimport$0 0))
 (import "math" "m_sin" (func $fimport$0 (param v128) (result v128)))
 (import "math" "math_apply" (func $fimport$1 (param i32 i32 i32 i32 i32)))
 (export "e0" (func $e0))
 (export "l0" (func $l0))
 (func $e0 (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32)
  (local $7 v128)
  (local $8 v128)
  (local $9 v128)
  (local $10 i32)
  (local $11 i32)
  (local $12 i32)
  (local $13 i32)
  (local $14 i32)
  (local.set $7
   (v128.load64_splat
    (local.get $3)
   )
  )
  (local.set $8
   (v128.load64_splat offset=8
    (local.get $3)
   )
  )
  (local.set $9
   (v128.load64_splat offset=16
    (local.get $3)
   )
  )
  (if
   (local.get $5)
   (then
    (local.set $12
     (i32.shl
      (i32.and
       (i32.add
        (local.get $5)
        (i32.const 1)
       )
       (i32.const -2)
      )
      (i32.const 3)
     )
    )
    (loop $label2
     (local.set $14
      (select
       (i32.add
        (local.get $13)
        (i32.const 2048)
       )
       (local.get $12)
       (i32.lt_u
        (i32.add
         (local.get $13)
         (i32.const 2048)
        )
        (local.get $12)
       )
      )
     )
     (local.set $10
      (i32.sub
       (i32.add
        (local.get $6)
        (i32.const 0)
       )
       (local.get $13)
      )
     )
     (local.set $11
      (local.get $13)
     )
     (loop $label
      (v128.store align=8
       (i32.add
        (local.get $10)
        (local.get $11)
       )
       (f64x2.mul
        (local.get $8)
        (v128.load align=8
         (i32.add
          (local.get $0)
          (local.get $11)
         )
        )
       )
      )
      (br_if $label
       (i32.lt_u
        (local.tee $11
         (i32.add
          (local.get $11)
          (i32.const 16)
         )
        )
        (local.get $14)
       )
      )
     )
     (call $fimport$1
      (i32.const 2)
      (i32.add
       (local.get $10)
       (local.get $13)
      )
      (i32.add
       (local.get $10)
       (local.get $13)
      )
      (i32.add
       (local.get $10)
       (local.get $13)
      )
      (i32.shr_u
       (i32.sub
        (local.get $14)
        (local.get $13)
       )
       (i32.const 3)
      )
     )
     (local.set $11
      (local.get $13)
     )
     (loop $label1
      (v128.store align=8
       (i32.add
        (local.get $4)
        (local.get $11)
       )
       (f64x2.add
        (f64x2.mul
         (v128.load align=8
          (i32.add
           (local.get $10)
           (local.get $11)
          )
         )
         (local.get $7)
        )
        (local.get $9)
       )
      )
      (br_if $label1
       (i32.lt_u
        (local.tee $11
         (i32.add
          (local.get $11)
          (i32.const 16)
         )
        )
        (local.get $14)
       )
      )
     )
     (br_if $label2
      (i32.lt_u
       (local.tee $13
        (local.get $14)
       )
       (local.get $12)
      )
     )
    )
   )
  )
 )
 (func $l0 (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32) (param $8 i32) (param $9 i32) (result f64)
  (local $10 v128)
  (local $11 v128)
  (local $12 v128)
  (local $13 v128)
  (local $14 v128)
  (local $15 i32)
  (local $16 i32)
  (local $17 i32)
  (local $18 i32)
  (local $19 i32)
  (local $20 i32)
  (local $21 i32)
  (local $22 i32)
  (local $23 v128)
  (local $24 v128)
  (local $25 v128)
  (local.set $10
   (v128.load64_splat
    (local.get $3)
   )
  )
  (local.set $11
   (v128.load64_splat offset=8
    (local.get $3)
   )
  )
  (local.set $12
   (v128.load64_splat offset=16
    (local.get $3)
   )
  )
  (local.set $15
   (i32.and
    (local.get $7)
    (i32.const 1)
   )
  )
  (local.set $16
   (i32.ne
    (i32.and
     (local.get $7)
     (i32.const 2)
    )
    (i32.const 0)
   )
  )
  (if
   (local.get $8)
   (then
    (local.set $19
     (i32.shl
      (i32.and
       (i32.add
        (local.get $8)
        (i32.const 1)
       )
       (i32.const -2)
      )
      (i32.const 3)
     )
    )
    (local.set $22
     (select
      (i32.shl
       (i32.sub
        (local.get $8)
        (i32.const 1)
       )
       (i32.const 3)
      )
      (i32.const -1)
      (i32.and
       (local.get $8)
       (i32.const 1)
      )
     )
    )
    (local.set $24
     (v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff)
    )
    (local.set $25
     (v128.const i32x4 0xffffffff 0xffffffff 0x00000000 0x00000000)
    )
    (block $block
     (loop $label2
      (local.set $21
       (select
        (i32.add
         (local.get $20)
         (i32.const 2048)
        )
        (local.get $19)
        (i32.lt_u
         (i32.add
          (local.get $20)
          (i32.const 2048)
         )
         (local.get $19)
        )
       )
      )
      (local.set $17
       (i32.sub
        (i32.add
         (local.get $9)
         (i32.const 0)
        )
        (local.get $20)
       )
      )
      (local.set $18
       (local.get $20)
      )
      (loop $label
       (v128.store align=8
        (i32.add
         (local.get $17)
         (local.get $18)
        )
        (f64x2.mul
         (local.get $11)
         (v128.load align=8
          (i32.add
           (local.get $0)
           (local.get $18)
          )
         )
        )
       )
       (br_if $label
        (i32.lt_u
         (local.tee $18
          (i32.add
           (local.get $18)
           (i32.const 16)
          )
         )
         (local.get $21)
        )
       )
      )
      (call $fimport$1
       (i32.const 2)
       (i32.add
        (local.get $17)
        (local.get $20)
       )
       (i32.add
        (local.get $17)
        (local.get $20)
       )
       (i32.add
        (local.get $17)
        (local.get $20)
       )
       (i32.shr_u
        (i32.sub
         (local.get $21)
         (local.get $20)
        )
        (i32.const 3)
       )
      )
      (local.set $18
       (local.get $20)
      )
      (loop $label1
       (local.set $23
        (select
         (local.get $25)
         (local.get $24)
         (i32.eq
          (local.get $18)
          (local.get $22)
         )
        )
       )
       (local.set $14
        (f64x2.sub
         (f64x2.add
          (f64x2.mul
           (v128.load align=8
            (i32.add
             (local.get $17)
             (local.get $18)
            )
           )
           (local.get $10)
          )
          (local.get $12)
         )
         (v128.load align=8
          (i32.add
           (local.get $4)
           (local.get $18)
          )
         )
        )
       )
       (local.set $13
        (f64x2.add
         (v128.and
          (f64x2.mul
           (select
            (f64x2.abs
             (local.get $14)
            )
            (f64x2.mul
             (local.get $14)
             (local.get $14)
            )
            (local.get $15)
           )
           (v128.load align=8
            (local.get $5)
           )
          )
          (local.get $23)
         )
         (local.get $13)
        )
       )
       (local.set $5
        (i32.add
         (local.get $5)
         (local.get $6)
        )
       )
       (br_if $label1
        (i32.lt_u
         (local.tee $18
          (i32.add
           (local.get $18)
           (i32.const 16)
          )
         )
         (local.get $21)
        )
       )
      )
      (br_if $block
       (i32.and
        (i32.eqz
         (i64x2.all_true
          (f64x2.eq
           (f64x2.sub
            (local.get $13)
            (local.get $13)
           )
           (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
          )
         )
        )
        (local.get $16)
       )
      )
      (br_if $label2
       (i32.lt_u
        (local.tee $20
         (local.get $21)
        )
        (local.get $19)
       )
      )
     )
    )
   )
  )
  (f64.add
   (f64x2.extract_lane 0
    (local.get $13)
   )
   (f64x2.extract_lane 1
    (local.get $13)
   )
  )
 )
)
