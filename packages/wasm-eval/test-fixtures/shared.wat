(module
 (type $0 (func (param i32 i32 i32 i32 i32 i32 i32)))
 (type $1 (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result f64)))
 (import "env" "memory" (memory $mimport$0 0))
 (export "e0" (func $e0))
 (export "l0" (func $l0))
 (export "e1" (func $e1))
 (export "l1" (func $l1))
 (func $e0 (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32)
  (local $7 v128)
  (local $8 v128)
  (local $9 i32)
  (local $10 i32)
  (local $11 v128)
  (local.set $7
   (v128.load64_splat
    (local.get $3)
   )
  )
  (local.set $8
   (v128.const i32x4 0x54442d18 0x400921fb 0x54442d18 0x400921fb)
  )
  (if
   (local.get $5)
   (then
    (local.set $10
     (i32.shl
      (local.get $5)
      (i32.const 3)
     )
    )
    (loop $label
     (v128.store align=8
      (i32.add
       (local.get $4)
       (local.get $9)
      )
      (f64x2.div
       (f64x2.mul
        (local.tee $11
         (f64x2.add
          (v128.load align=8
           (i32.add
            (local.get $0)
            (local.get $9)
           )
          )
          (v128.load align=8
           (i32.add
            (local.get $1)
            (local.get $9)
           )
          )
         )
        )
        (local.get $11)
       )
       (f64x2.add
        (f64x2.min
         (local.get $11)
         (f64x2.max
          (f64x2.abs
           (v128.load align=8
            (i32.add
             (local.get $2)
             (local.get $9)
            )
           )
          )
          (local.get $8)
         )
        )
        (local.get $7)
       )
      )
     )
     (br_if $label
      (i32.lt_u
       (local.tee $9
        (i32.add
         (local.get $9)
         (i32.const 16)
        )
       )
       (local.get $10)
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
  (local $14 i32)
  (local $15 i32)
  (local $16 i32)
  (local $17 i32)
  (local $18 i32)
  (local $19 i32)
  (local $20 i32)
  (local $21 v128)
  (local $22 v128)
  (local $23 v128)
  (local $24 v128)
  (local.set $10
   (v128.load64_splat
    (local.get $3)
   )
  )
  (local.set $11
   (v128.const i32x4 0x54442d18 0x400921fb 0x54442d18 0x400921fb)
  )
  (local.set $14
   (i32.and
    (local.get $7)
    (i32.const 1)
   )
  )
  (local.set $15
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
    (local.set $17
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
    (local.set $20
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
    (local.set $22
     (v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff)
    )
    (local.set $23
     (v128.const i32x4 0xffffffff 0xffffffff 0x00000000 0x00000000)
    )
    (block $block
     (loop $label1
      (local.set $19
       (select
        (i32.add
         (local.get $18)
         (i32.const 4096)
        )
        (local.get $17)
        (i32.lt_u
         (i32.add
          (local.get $18)
          (i32.const 4096)
         )
         (local.get $17)
        )
       )
      )
      (local.set $16
       (local.get $18)
      )
      (loop $label
       (local.set $21
        (select
         (local.get $23)
         (local.get $22)
         (i32.eq
          (local.get $16)
          (local.get $20)
         )
        )
       )
       (local.set $13
        (f64x2.sub
         (f64x2.div
          (f64x2.mul
           (local.tee $24
            (f64x2.add
             (v128.load align=8
              (i32.add
               (local.get $0)
               (local.get $16)
              )
             )
             (v128.load align=8
              (i32.add
               (local.get $1)
               (local.get $16)
              )
             )
            )
           )
           (local.get $24)
          )
          (f64x2.add
           (f64x2.min
            (local.get $24)
            (f64x2.max
             (f64x2.abs
              (v128.load align=8
               (i32.add
                (local.get $2)
                (local.get $16)
               )
              )
             )
             (local.get $11)
            )
           )
           (local.get $10)
          )
         )
         (v128.load align=8
          (i32.add
           (local.get $4)
           (local.get $16)
          )
         )
        )
       )
       (local.set $12
        (f64x2.add
         (v128.and
          (f64x2.mul
           (select
            (f64x2.abs
             (local.get $13)
            )
            (f64x2.mul
             (local.get $13)
             (local.get $13)
            )
            (local.get $14)
           )
           (v128.load align=8
            (local.get $5)
           )
          )
          (local.get $21)
         )
         (local.get $12)
        )
       )
       (local.set $5
        (i32.add
         (local.get $5)
         (local.get $6)
        )
       )
       (br_if $label
        (i32.lt_u
         (local.tee $16
          (i32.add
           (local.get $16)
           (i32.const 16)
          )
         )
         (local.get $19)
        )
       )
      )
      (br_if $block
       (i32.and
        (i32.eqz
         (i64x2.all_true
          (f64x2.eq
           (f64x2.sub
            (local.get $12)
            (local.get $12)
           )
           (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
          )
         )
        )
        (local.get $15)
       )
      )
      (br_if $label1
       (i32.lt_u
        (local.tee $18
         (local.get $19)
        )
        (local.get $17)
       )
      )
     )
    )
   )
  )
  (f64.add
   (f64x2.extract_lane 0
    (local.get $12)
   )
   (f64x2.extract_lane 1
    (local.get $12)
   )
  )
 )
 (func $e1 (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32)
  (local $7 i32)
  (local $8 i32)
  (if
   (local.get $5)
   (then
    (local.set $8
     (i32.shl
      (local.get $5)
      (i32.const 3)
     )
    )
    (loop $label
     (v128.store align=8
      (i32.add
       (local.get $4)
       (local.get $7)
      )
      (f64x2.sqrt
       (f64x2.add
        (v128.load align=8
         (i32.add
          (local.get $0)
          (local.get $7)
         )
        )
        (v128.load align=8
         (i32.add
          (local.get $1)
          (local.get $7)
         )
        )
       )
      )
     )
     (br_if $label
      (i32.lt_u
       (local.tee $7
        (i32.add
         (local.get $7)
         (i32.const 16)
        )
       )
       (local.get $8)
      )
     )
    )
   )
  )
 )
 (func $l1 (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32) (param $8 i32) (param $9 i32) (result f64)
  (local $10 v128)
  (local $11 v128)
  (local $12 i32)
  (local $13 i32)
  (local $14 i32)
  (local $15 i32)
  (local $16 i32)
  (local $17 i32)
  (local $18 i32)
  (local $19 v128)
  (local $20 v128)
  (local $21 v128)
  (local.set $12
   (i32.and
    (local.get $7)
    (i32.const 1)
   )
  )
  (local.set $13
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
    (local.set $15
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
    (local.set $18
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
    (local.set $20
     (v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff)
    )
    (local.set $21
     (v128.const i32x4 0xffffffff 0xffffffff 0x00000000 0x00000000)
    )
    (block $block
     (loop $label1
      (local.set $17
       (select
        (i32.add
         (local.get $16)
         (i32.const 4096)
        )
        (local.get $15)
        (i32.lt_u
         (i32.add
          (local.get $16)
          (i32.const 4096)
         )
         (local.get $15)
        )
       )
      )
      (local.set $14
       (local.get $16)
      )
      (loop $label
       (local.set $19
        (select
         (local.get $21)
         (local.get $20)
         (i32.eq
          (local.get $14)
          (local.get $18)
         )
        )
       )
       (local.set $11
        (f64x2.sub
         (f64x2.sqrt
          (f64x2.add
           (v128.load align=8
            (i32.add
             (local.get $0)
             (local.get $14)
            )
           )
           (v128.load align=8
            (i32.add
             (local.get $1)
             (local.get $14)
            )
           )
          )
         )
         (v128.load align=8
          (i32.add
           (local.get $4)
           (local.get $14)
          )
         )
        )
       )
       (local.set $10
        (f64x2.add
         (v128.and
          (f64x2.mul
           (select
            (f64x2.abs
             (local.get $11)
            )
            (f64x2.mul
             (local.get $11)
             (local.get $11)
            )
            (local.get $12)
           )
           (v128.load align=8
            (local.get $5)
           )
          )
          (local.get $19)
         )
         (local.get $10)
        )
       )
       (local.set $5
        (i32.add
         (local.get $5)
         (local.get $6)
        )
       )
       (br_if $label
        (i32.lt_u
         (local.tee $14
          (i32.add
           (local.get $14)
           (i32.const 16)
          )
         )
         (local.get $17)
        )
       )
      )
      (br_if $block
       (i32.and
        (i32.eqz
         (i64x2.all_true
          (f64x2.eq
           (f64x2.sub
            (local.get $10)
            (local.get $10)
           )
           (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
          )
         )
        )
        (local.get $13)
       )
      )
      (br_if $label1
       (i32.lt_u
        (local.tee $16
         (local.get $17)
        )
        (local.get $15)
       )
      )
     )
    )
   )
  )
  (f64.add
   (f64x2.extract_lane 0
    (local.get $10)
   )
   (f64x2.extract_lane 1
    (local.get $10)
   )
  )
 )
)
