(module
 (type $0 (func (param v128) (result v128)))
 (type $1 (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32)))
 (import "env" "memory" (memory $mimport$0 0))
 (import "math" "m_exp" (func $fimport$0 (param v128) (result v128)))
 (export "d0" (func $d0))
 (func $d0 (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32) (param $8 i32)
  (local $9 v128)
  (local $10 v128)
  (local $11 v128)
  (local $12 v128)
  (local $13 v128)
  (local $14 v128)
  (local $15 v128)
  (local $16 v128)
  (local $17 v128)
  (local $18 v128)
  (local $19 v128)
  (local $20 v128)
  (local $21 v128)
  (local $22 v128)
  (local $23 v128)
  (local $24 v128)
  (local $25 v128)
  (local $26 v128)
  (local $27 v128)
  (local $28 v128)
  (local $29 i32)
  (local $30 i32)
  (local $31 i32)
  (local $32 v128)
  (local $33 v128)
  (local $34 v128)
  (local $35 v128)
  (local $36 v128)
  (local $37 v128)
  (local $38 v128)
  (local $39 v128)
  (local $40 v128)
  (local $41 v128)
  (local $42 v128)
  (local $43 v128)
  (local.set $9
   (v128.load64_splat
    (local.get $3)
   )
  )
  (local.set $10
   (v128.load64_splat offset=8
    (local.get $3)
   )
  )
  (local.set $11
   (v128.load64_splat offset=16
    (local.get $3)
   )
  )
  (if
   (local.get $7)
   (then
    (local.set $30
     (i32.shl
      (local.get $7)
      (i32.const 3)
     )
    )
    (local.set $31
     (select
      (i32.shl
       (i32.sub
        (local.get $7)
        (i32.const 1)
       )
       (i32.const 3)
      )
      (i32.const -1)
      (i32.and
       (local.get $7)
       (i32.const 1)
      )
     )
    )
    (local.set $33
     (v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff)
    )
    (local.set $34
     (v128.const i32x4 0xffffffff 0xffffffff 0x00000000 0x00000000)
    )
    (loop $label
     (local.set $32
      (select
       (local.get $34)
       (local.get $33)
       (i32.eq
        (local.get $29)
        (local.get $31)
       )
      )
     )
     (local.set $35
      (v128.load align=8
       (i32.add
        (local.get $0)
        (local.get $29)
       )
      )
     )
     (local.set $36
      (f64x2.mul
       (local.get $10)
       (local.get $35)
      )
     )
     (local.set $37
      (local.get $35)
     )
     (local.set $38
      (call $fimport$0
       (local.get $36)
      )
     )
     (local.set $39
      (f64x2.mul
       (local.get $38)
       (local.get $37)
      )
     )
     (local.set $40
      (f64x2.mul
       (local.get $9)
       (local.get $38)
      )
     )
     (local.set $41
      (local.get $38)
     )
     (local.set $42
      (f64x2.mul
       (local.get $9)
       (local.get $39)
      )
     )
     (local.set $43
      (f64x2.add
       (local.get $40)
       (local.get $11)
      )
     )
     (local.set $26
      (v128.and
       (f64x2.sub
        (local.get $43)
        (v128.load align=8
         (i32.add
          (local.get $4)
          (local.get $29)
         )
        )
       )
       (local.get $32)
      )
     )
     (local.set $12
      (f64x2.add
       (f64x2.mul
        (local.tee $27
         (f64x2.mul
          (local.tee $25
           (v128.and
            (v128.load align=8
             (local.get $5)
            )
            (local.get $32)
           )
          )
          (local.get $26)
         )
        )
        (local.get $26)
       )
       (local.get $12)
      )
     )
     (local.set $13
      (f64x2.add
       (f64x2.mul
        (local.tee $22
         (v128.and
          (local.get $41)
          (local.get $32)
         )
        )
        (local.get $27)
       )
       (local.get $13)
      )
     )
     (local.set $14
      (f64x2.add
       (f64x2.mul
        (local.tee $23
         (v128.and
          (local.get $42)
          (local.get $32)
         )
        )
        (local.get $27)
       )
       (local.get $14)
      )
     )
     (local.set $15
      (f64x2.add
       (f64x2.mul
        (local.tee $24
         (v128.and
          (v128.const i32x4 0x00000000 0x3ff00000 0x00000000 0x3ff00000)
          (local.get $32)
         )
        )
        (local.get $27)
       )
       (local.get $15)
      )
     )
     (local.set $28
      (f64x2.mul
       (local.get $25)
       (local.get $22)
      )
     )
     (local.set $16
      (f64x2.add
       (f64x2.mul
        (local.get $28)
        (local.get $22)
       )
       (local.get $16)
      )
     )
     (local.set $17
      (f64x2.add
       (f64x2.mul
        (local.get $28)
        (local.get $23)
       )
       (local.get $17)
      )
     )
     (local.set $18
      (f64x2.add
       (f64x2.mul
        (local.get $28)
        (local.get $24)
       )
       (local.get $18)
      )
     )
     (local.set $28
      (f64x2.mul
       (local.get $25)
       (local.get $23)
      )
     )
     (local.set $19
      (f64x2.add
       (f64x2.mul
        (local.get $28)
        (local.get $23)
       )
       (local.get $19)
      )
     )
     (local.set $20
      (f64x2.add
       (f64x2.mul
        (local.get $28)
        (local.get $24)
       )
       (local.get $20)
      )
     )
     (local.set $28
      (f64x2.mul
       (local.get $25)
       (local.get $24)
      )
     )
     (local.set $21
      (f64x2.add
       (f64x2.mul
        (local.get $28)
        (local.get $24)
       )
       (local.get $21)
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
       (local.tee $29
        (i32.add
         (local.get $29)
         (i32.const 16)
        )
       )
       (local.get $30)
      )
     )
    )
   )
  )
  (f64.store
   (local.get $8)
   (f64.add
    (f64x2.extract_lane 0
     (local.get $12)
    )
    (f64x2.extract_lane 1
     (local.get $12)
    )
   )
  )
  (f64.store offset=8
   (local.get $8)
   (f64.add
    (f64x2.extract_lane 0
     (local.get $13)
    )
    (f64x2.extract_lane 1
     (local.get $13)
    )
   )
  )
  (f64.store offset=16
   (local.get $8)
   (f64.add
    (f64x2.extract_lane 0
     (local.get $14)
    )
    (f64x2.extract_lane 1
     (local.get $14)
    )
   )
  )
  (f64.store offset=24
   (local.get $8)
   (f64.add
    (f64x2.extract_lane 0
     (local.get $15)
    )
    (f64x2.extract_lane 1
     (local.get $15)
    )
   )
  )
  (f64.store offset=32
   (local.get $8)
   (f64.add
    (f64x2.extract_lane 0
     (local.get $16)
    )
    (f64x2.extract_lane 1
     (local.get $16)
    )
   )
  )
  (f64.store offset=40
   (local.get $8)
   (f64.add
    (f64x2.extract_lane 0
     (local.get $17)
    )
    (f64x2.extract_lane 1
     (local.get $17)
    )
   )
  )
  (f64.store offset=48
   (local.get $8)
   (f64.add
    (f64x2.extract_lane 0
     (local.get $18)
    )
    (f64x2.extract_lane 1
     (local.get $18)
    )
   )
  )
  (f64.store offset=56
   (local.get $8)
   (f64.add
    (f64x2.extract_lane 0
     (local.get $19)
    )
    (f64x2.extract_lane 1
     (local.get $19)
    )
   )
  )
  (f64.store offset=64
   (local.get $8)
   (f64.add
    (f64x2.extract_lane 0
     (local.get $20)
    )
    (f64x2.extract_lane 1
     (local.get $20)
    )
   )
  )
  (f64.store offset=72
   (local.get $8)
   (f64.add
    (f64x2.extract_lane 0
     (local.get $21)
    )
    (f64x2.extract_lane 1
     (local.get $21)
    )
   )
  )
 )
)
