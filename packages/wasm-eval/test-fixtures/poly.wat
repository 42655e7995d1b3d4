(module
 (type $0 (func (param i32 i32 i32 i32 i32 i32 i32)))
 (type $1 (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result f64)))
 (import "env" "memory" (memory $mimport$0 0))
 (export "e0" (func $e0))
 (export "l0" (func $l0))
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
   (v128.load64_splat offset=8
    (local.get $3)
   )
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
      (f64x2.add
       (f64x2.add
        (f64x2.mul
         (f64x2.mul
          (local.get $7)
          (local.tee $11
           (v128.load align=8
            (i32.add
             (local.get $0)
             (local.get $9)
            )
           )
          )
         )
         (local.get $11)
        )
        (f64x2.mul
         (local.get $8)
         (v128.load align=8
          (i32.add
           (local.get $1)
           (local.get $9)
          )
         )
        )
       )
       (local.get $7)
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
  (local $17 v128)
  (local $18 v128)
  (local $19 v128)
  (local $20 v128)
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
  (if
   (local.get $8)
   (then
    (local.set $15
     (i32.shl
      (local.get $8)
      (i32.const 3)
     )
    )
    (local.set $16
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
    (local.set $18
     (v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff)
    )
    (local.set $19
     (v128.const i32x4 0xffffffff 0xffffffff 0x00000000 0x00000000)
    )
    (loop $label
     (local.set $17
      (select
       (local.get $19)
       (local.get $18)
       (i32.eq
        (local.get $14)
        (local.get $16)
       )
      )
     )
     (local.set $13
      (f64x2.sub
       (f64x2.add
        (f64x2.add
         (f64x2.mul
          (f64x2.mul
           (local.get $10)
           (local.tee $20
            (v128.load align=8
             (i32.add
              (local.get $0)
              (local.get $14)
             )
            )
           )
          )
          (local.get $20)
         )
         (f64x2.mul
          (local.get $11)
          (v128.load align=8
           (i32.add
            (local.get $1)
            (local.get $14)
           )
          )
         )
        )
        (local.get $10)
       )
       (v128.load align=8
        (i32.add
         (local.get $4)
         (local.get $14)
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
          (local.get $7)
         )
         (v128.load align=8
          (local.get $5)
         )
        )
        (local.get $17)
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
       (local.tee $14
        (i32.add
         (local.get $14)
         (i32.const 16)
        )
       )
       (local.get $15)
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
)
